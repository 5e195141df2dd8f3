-- oracle: ADD COLUMN with a volatile default on a partitioned table
ALTER TABLE events ADD COLUMN uid uuid DEFAULT gen_random_uuid();
