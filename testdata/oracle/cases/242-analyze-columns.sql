-- oracle: ANALYZE table (columns)
ANALYZE accounts (name, status);
