SET lock_timeout = '2s';
-- pgsafe-ignore drop-column: unused since release 42
ALTER TABLE accounts DROP COLUMN legacy;
RESET lock_timeout;
-- two rules in one comment, on the lines before the statement:
-- pgsafe-ignore create-index-non-concurrent, missing-lock-timeout: tiny table
CREATE INDEX accounts_name_idx ON accounts (name);
SET lock_timeout = '2s';
-- pgsafe-ignore rename-column: reason
-- (a second comment line between the ignore and the statement)
ALTER TABLE accounts RENAME COLUMN name TO full_name;
/* pgsafe-ignore set-not-null-scan: block-comment form */
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
-- pgsafe-ignore not-a-rule
ALTER TABLE accounts DROP COLUMN old;
-- pgsafe-ignore drop-column: suppresses nothing, the statement drops no column
ALTER TABLE accounts ADD COLUMN y int;
-- only the next statement is covered:
ALTER TABLE accounts DROP COLUMN y;
