-- oracle: ATTACH PARTITION with a CHECK that implies the bound (no scan)
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
