-- oracle: RENAME COLUMN on a partitioned table
ALTER TABLE events RENAME COLUMN kind TO event_kind;
