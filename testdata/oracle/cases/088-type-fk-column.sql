-- oracle: TYPE bigint -> integer on a foreign-key column
ALTER TABLE orders ALTER COLUMN account_id TYPE integer;
