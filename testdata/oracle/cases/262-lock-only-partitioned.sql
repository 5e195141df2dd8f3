-- oracle: LOCK TABLE ONLY on a partitioned table
LOCK TABLE ONLY events IN SHARE MODE;
