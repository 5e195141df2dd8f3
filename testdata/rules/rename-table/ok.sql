-- rename-table: safe forms.
SET lock_timeout = '2s';
CREATE TABLE accounts_new (id bigint, name text);
ALTER TABLE accounts_new RENAME TO accounts_v2;
ALTER TABLE accounts_v2 RENAME COLUMN name TO full_name;
ALTER INDEX orders_code_idx RENAME TO orders_code_key;
ALTER SEQUENCE order_seq RENAME TO order_number_seq;
-- the transition view pattern, acknowledged with a reason
BEGIN;
-- pgsafe-ignore rename-table: the view keeps the old name working
ALTER TABLE accounts RENAME TO users;
CREATE VIEW accounts AS SELECT * FROM users;
COMMIT;
