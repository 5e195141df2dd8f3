-- oracle: SELECT from a partitioned table, pruned to one partition
-- compare: no
-- (not compared: which partitions a statement reaches depends on evaluating partition bounds against literal values, which pgsafe does not model; it reports the partitioned table only)
SELECT count(*) FROM events WHERE created_at >= '2025-03-01 00:00:00+00' AND created_at < '2025-04-01 00:00:00+00';
