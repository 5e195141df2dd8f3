-- oracle: RENAME CONSTRAINT of a foreign key
ALTER TABLE orders RENAME CONSTRAINT orders_account_id_fkey TO orders_account_fk;
