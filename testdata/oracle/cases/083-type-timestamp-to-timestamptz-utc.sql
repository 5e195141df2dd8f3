-- oracle: TYPE timestamp -> timestamptz with TimeZone UTC (informational: depends on the session time zone)
-- compare: no
-- setup: SET TimeZone = 'UTC'
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamptz;
