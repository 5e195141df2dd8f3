-- oracle: TYPE timestamp -> timestamptz (session TimeZone not UTC)
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamptz;
