-- oracle: LOCK TABLE on a partitioned table (partitions too)
LOCK TABLE events IN SHARE MODE;
