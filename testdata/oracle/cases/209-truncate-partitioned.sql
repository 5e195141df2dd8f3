-- oracle: TRUNCATE a partitioned table
TRUNCATE events;
