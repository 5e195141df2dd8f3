-- oracle: ATTACH PARTITION when a default partition exists (default partition is scanned)
-- setup: CREATE TABLE events_default PARTITION OF events DEFAULT
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
