-- set-not-null-scan: safe forms (PostgreSQL 15).
SET lock_timeout = '2s';
ALTER TABLE accounts ADD CONSTRAINT accounts_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_nn;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_email_nn;
-- a check added validated right away also proves it
ALTER TABLE orders ADD CONSTRAINT orders_note_nn CHECK (note IS NOT NULL);
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
-- already NOT NULL
ALTER TABLE orders ALTER COLUMN code SET NOT NULL;
-- primary key over a NOT NULL column
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_pk PRIMARY KEY USING INDEX invoices_id_idx;
-- a table created in this file
CREATE TABLE carts (id bigint, owner bigint);
ALTER TABLE carts ALTER COLUMN owner SET NOT NULL;
