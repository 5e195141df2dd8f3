-- oracle: ALTER COLUMN SET DEFAULT volatile (affects only new rows)
ALTER TABLE orders ALTER COLUMN placed_at SET DEFAULT clock_timestamp();
