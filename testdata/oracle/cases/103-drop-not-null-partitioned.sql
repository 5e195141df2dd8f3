-- oracle: DROP NOT NULL on a partitioned table
ALTER TABLE events ALTER COLUMN kind DROP NOT NULL;
