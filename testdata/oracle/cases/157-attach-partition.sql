-- oracle: ATTACH PARTITION (no implying constraint: scans the table)
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
