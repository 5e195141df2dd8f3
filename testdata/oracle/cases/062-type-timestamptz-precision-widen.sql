-- oracle: TYPE timestamptz(3) -> timestamptz(6)
ALTER TABLE accounts ALTER COLUMN updated_at TYPE timestamptz(6);
