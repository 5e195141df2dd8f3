-- oracle: SET DEFAULT on a partitioned table
ALTER TABLE events ALTER COLUMN kind SET DEFAULT 'login';
