-- oracle: DROP CONSTRAINT (foreign key)
ALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey;
