-- oracle: TYPE text -> varchar(100)
ALTER TABLE orders ALTER COLUMN code TYPE varchar(100);
