-- oracle: ANALYZE (whole database)
ANALYZE;
