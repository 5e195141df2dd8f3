-- oracle: TYPE of a primary key referenced by foreign keys
ALTER TABLE accounts ALTER COLUMN id TYPE integer;
