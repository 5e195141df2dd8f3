-- oracle: TYPE numeric(12,2) -> numeric
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric;
