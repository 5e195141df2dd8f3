-- set-not-null-scan (PostgreSQL 15)
SET lock_timeout = '2s';
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
ALTER TABLE ONLY billing.invoices ALTER memo SET NOT NULL;
-- a NOT VALID check proves nothing until it is validated
ALTER TABLE accounts ADD CONSTRAINT accounts_name_nn CHECK (name IS NOT NULL) NOT VALID;
ALTER TABLE accounts ALTER COLUMN name SET NOT NULL;
-- a validated check on another column does not help
ALTER TABLE orders ADD CONSTRAINT orders_note_nn CHECK (note IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_note_nn;
ALTER TABLE orders ALTER COLUMN remark SET NOT NULL;
-- a primary key over a nullable column sets NOT NULL on it
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;
ALTER TABLE accounts ADD CONSTRAINT accounts_nickname_pk PRIMARY KEY USING INDEX accounts_nickname_idx;
