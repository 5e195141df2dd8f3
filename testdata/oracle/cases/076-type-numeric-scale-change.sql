-- oracle: TYPE numeric(12,2) -> numeric(14,4)
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(14,4);
