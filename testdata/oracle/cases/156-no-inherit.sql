-- oracle: NO INHERIT parent
ALTER TABLE audit_old NO INHERIT audit_log;
