-- oracle: TYPE text -> varchar(20) on a partitioned table
ALTER TABLE events ALTER COLUMN kind TYPE varchar(20);
