-- oracle: SET LOGGED (table made unlogged in setup)
-- setup: ALTER TABLE audit_new SET UNLOGGED
ALTER TABLE audit_new SET LOGGED;
