-- oracle: TYPE timestamp(3) -> timestamp
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamp;
