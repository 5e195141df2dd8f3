-- oracle: DROP INDEX on a partitioned table
DROP INDEX events_created_at_idx;
