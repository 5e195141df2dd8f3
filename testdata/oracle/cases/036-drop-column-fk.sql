-- oracle: DROP COLUMN that carries a foreign key
ALTER TABLE orders DROP COLUMN account_id;
