-- drop-column: every form of ALTER TABLE .. DROP COLUMN on an existing table.
SET lock_timeout = '2s';
ALTER TABLE accounts DROP COLUMN legacy_flag;
ALTER TABLE ONLY orders DROP note CASCADE;
ALTER TABLE IF EXISTS billing.invoices DROP COLUMN memo RESTRICT;
ALTER TABLE accounts
  ADD COLUMN email_verified boolean,
  DROP COLUMN old_email;
-- a table pgsafe knows nothing about is assumed to exist
ALTER TABLE audit_log DROP COLUMN payload;
