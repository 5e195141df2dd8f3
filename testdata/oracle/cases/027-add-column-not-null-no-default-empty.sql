-- oracle: ADD COLUMN NOT NULL without default (table emptied first; fails on rows)
-- setup: DELETE FROM audit_new
ALTER TABLE audit_new ADD COLUMN tenant integer NOT NULL;
