-- oracle: TYPE numeric(10,2) -> numeric(12,2)
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);
