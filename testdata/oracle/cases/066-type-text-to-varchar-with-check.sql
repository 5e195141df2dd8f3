-- oracle: TYPE text -> varchar on a column with a validated CHECK (c IS NOT NULL)
ALTER TABLE accounts ALTER COLUMN phone TYPE varchar;
