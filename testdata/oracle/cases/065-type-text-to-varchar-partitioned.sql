-- oracle: TYPE text -> varchar on a partitioned table
ALTER TABLE events ALTER COLUMN kind TYPE varchar;
