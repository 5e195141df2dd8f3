-- rename-column: safe forms.
SET lock_timeout = '2s';
CREATE TABLE staging_accounts (id bigint, nm text);
ALTER TABLE staging_accounts RENAME COLUMN nm TO name;
-- renaming a constraint or an index does not break queries
ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk;
ALTER INDEX orders_code_idx RENAME TO orders_code_key;
-- adding the new column is step one of expand/contract
ALTER TABLE accounts ADD COLUMN full_name text;
