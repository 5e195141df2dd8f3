-- oracle: DELETE from a partitioned table
DELETE FROM events WHERE kind = 'logout';
