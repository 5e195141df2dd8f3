-- oracle: ANALYZE table
ANALYZE accounts;
