-- oracle: TYPE bigint -> integer
ALTER TABLE accounts ALTER COLUMN karma TYPE integer;
