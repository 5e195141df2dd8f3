-- oracle: ADD COLUMN varchar(20) with a default
ALTER TABLE orders ADD COLUMN channel varchar(20) DEFAULT 'web';
