-- oracle: TYPE timestamp(0) -> timestamp(3)
ALTER TABLE orders ALTER COLUMN shipped_at TYPE timestamp(3);
