-- oracle: CREATE INDEX ON ONLY a partitioned table
CREATE INDEX events_kind_idx ON ONLY events (kind);
