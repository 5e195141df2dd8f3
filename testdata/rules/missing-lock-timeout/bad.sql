-- missing-lock-timeout: one finding per stretch without a lock_timeout.
-- stretch 1: three blocking statements (the SELECT takes no blocking lock)
ALTER TABLE accounts ADD COLUMN bio text;
SELECT count(*) FROM accounts;
CREATE INDEX orders_account_idx ON orders (account_id);
ALTER TABLE orders DROP COLUMN remark;
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN bio2 text;
-- stretch 2: RESET ends it
RESET lock_timeout;
ALTER TABLE orders ADD COLUMN x int;
SET SESSION lock_timeout = '5s';
ALTER TABLE orders DROP COLUMN x;
-- stretch 3: SET lock_timeout = 0 ends it; SET LOCAL outside a transaction does nothing
SET lock_timeout = 0;
CREATE UNIQUE INDEX accounts_name_key ON accounts (name);
SET LOCAL lock_timeout = '2s';
ALTER TABLE billing.invoices ADD COLUMN paid boolean;
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE billing.invoices DROP COLUMN paid;
COMMIT;
-- stretch 4: SET LOCAL ended with the COMMIT; a SET rolled back is undone
ALTER TABLE accounts DROP COLUMN bio;
BEGIN;
SET lock_timeout = '2s';
ROLLBACK;
ALTER TABLE accounts DROP COLUMN bio2;
SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE accounts ADD COLUMN bio text;
-- stretch 5: DEFAULT ends it; set_config(.., true) outside a transaction does nothing
SET lock_timeout TO DEFAULT;
SELECT set_config('lock_timeout', '2s', true);
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
RESET ALL;
