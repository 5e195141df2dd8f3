-- oracle: TYPE timestamptz -> timestamp (session TimeZone not UTC)
ALTER TABLE accounts ALTER COLUMN updated_at TYPE timestamp;
