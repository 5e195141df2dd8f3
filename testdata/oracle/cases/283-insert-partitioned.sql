-- oracle: INSERT into a partitioned table
-- compare: no
-- (not compared: which partitions a statement reaches depends on evaluating partition bounds against literal values, which pgsafe does not model; it reports the partitioned table only)
INSERT INTO events (id, kind, created_at) VALUES (999999, 'login', '2025-05-05 00:00:00+00');
