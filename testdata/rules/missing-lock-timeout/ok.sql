-- missing-lock-timeout: safe forms.
-- statements that take no lock blocking reads or writes need no lock_timeout
SELECT count(*) FROM accounts;
UPDATE accounts SET name = 'x' WHERE id = 1;
CREATE INDEX CONCURRENTLY orders_account_idx ON orders (account_id);
ALTER TABLE orders VALIDATE CONSTRAINT orders_price_check;
-- tables created in this file are new
CREATE TABLE drafts (id bigint);
ALTER TABLE drafts ADD COLUMN body text;
CREATE INDEX drafts_body_idx ON drafts (body);
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN bio text;
CREATE INDEX accounts_name_idx ON accounts (name);
BEGIN;
SET LOCAL lock_timeout = '1s';
ALTER TABLE orders DROP COLUMN remark;
COMMIT;
-- the session setting survives the transaction that used SET LOCAL
ALTER TABLE orders ADD COLUMN remark text;
BEGIN;
SELECT set_config('lock_timeout', '3s', true);
ALTER TABLE orders DROP COLUMN remark;
COMMIT;
SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE billing.invoices ADD COLUMN paid boolean;
