-- oracle: DROP TABLE on a partitioned table
DROP TABLE events;
