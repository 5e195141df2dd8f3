-- oracle: SET NOT NULL on a partitioned table
ALTER TABLE events ALTER COLUMN account_id SET NOT NULL;
