-- oracle: CREATE INDEX on a partitioned table
CREATE INDEX events_kind_idx ON events (kind);
