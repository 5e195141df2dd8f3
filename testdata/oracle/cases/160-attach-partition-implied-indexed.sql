-- oracle: ATTACH PARTITION with an implying CHECK and a matching index already built (no scan at all)
-- setup: CREATE INDEX events_2027_created_at_idx ON events_2027 (created_at)
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
