-- oracle: CREATE TABLE .. PARTITION OF when a default partition exists
-- setup: CREATE TABLE events_default PARTITION OF events DEFAULT
CREATE TABLE events_2026b PARTITION OF events FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
