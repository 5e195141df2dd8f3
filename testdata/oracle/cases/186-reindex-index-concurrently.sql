-- oracle: skip-in-transaction: REINDEX INDEX CONCURRENTLY
-- hold: accounts ROW EXCLUSIVE
REINDEX INDEX CONCURRENTLY accounts_name_idx;
