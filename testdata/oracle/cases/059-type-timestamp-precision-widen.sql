-- oracle: TYPE timestamp(3) -> timestamp(6) (indexed column)
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamp(6);
