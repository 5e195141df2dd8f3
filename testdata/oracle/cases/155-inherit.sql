-- oracle: INHERIT parent
ALTER TABLE audit_new INHERIT audit_log;
