-- pgsafe-ignore-file missing-lock-timeout: the runner sets lock_timeout
-- pgsafe-ignore-file rename-table
ALTER TABLE accounts ADD COLUMN x int;
CREATE INDEX accounts_x_idx ON accounts (x);
