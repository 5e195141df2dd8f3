-- oracle: SELECT count(*)
SELECT count(*) FROM orders;
