-- oracle: TYPE timestamp(3) -> timestamp(0)
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamp(0);
