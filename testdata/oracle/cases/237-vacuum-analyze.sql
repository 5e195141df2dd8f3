-- oracle: skip-in-transaction: VACUUM ANALYZE
-- hold: orders SHARE UPDATE EXCLUSIVE
VACUUM ANALYZE orders;
