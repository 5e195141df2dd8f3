-- One finding of every rule, for the reporter tests (SARIF validation).
ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
CREATE INDEX accounts_email_idx ON accounts (email);
ALTER TABLE accounts DROP COLUMN legacy_flag;
ALTER TABLE accounts ADD COLUMN plan text NOT NULL;
ALTER TABLE accounts RENAME COLUMN nickname TO display_name;
ALTER TABLE events RENAME TO audit_events;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
-- pgsafe-ignore drop-column
SELECT 1;
SELEC 'oops' FROM accounts;
