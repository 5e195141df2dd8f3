-- oracle: SELECT from a partitioned table, pruned to one partition
SELECT count(*) FROM events WHERE created_at >= '2025-03-01 00:00:00+00' AND created_at < '2025-04-01 00:00:00+00';
