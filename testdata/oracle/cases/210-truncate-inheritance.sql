-- oracle: TRUNCATE an inheritance parent (children too)
TRUNCATE audit_log;
