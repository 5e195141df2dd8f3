-- oracle: TYPE numeric(12,2) -> numeric(10,2)
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(10,2);
