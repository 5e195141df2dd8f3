-- oracle: DROP COLUMN on a partitioned table
ALTER TABLE events DROP COLUMN payload;
