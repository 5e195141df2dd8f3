-- oracle: skip-in-transaction: REINDEX TABLE CONCURRENTLY
-- hold: accounts ROW EXCLUSIVE
REINDEX TABLE CONCURRENTLY accounts;
