-- oracle: ADD COLUMN on a partitioned table
ALTER TABLE events ADD COLUMN source text;
