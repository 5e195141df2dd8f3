-- drop-column: safe forms.
SET lock_timeout = '2s';
-- a table created in this file is new and empty
CREATE TABLE drafts (id bigint, body text, scratch int);
ALTER TABLE drafts DROP COLUMN scratch;
ALTER TABLE drafts ADD COLUMN tmp int, DROP COLUMN tmp;
-- dropping other things is not dropping a column
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_price_check;
ALTER TABLE accounts ALTER COLUMN name DROP DEFAULT;
-- suppressed with a reason
-- pgsafe-ignore drop-column: unused since release 42
ALTER TABLE accounts DROP COLUMN legacy_flag;
