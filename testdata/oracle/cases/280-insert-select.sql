-- oracle: INSERT .. SELECT
INSERT INTO audit_log (id, actor, action) SELECT id, actor, action FROM audit_new;
