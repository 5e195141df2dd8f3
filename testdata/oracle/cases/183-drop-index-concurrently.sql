-- oracle: skip-in-transaction: DROP INDEX CONCURRENTLY
-- hold: accounts ROW EXCLUSIVE
DROP INDEX CONCURRENTLY accounts_name_idx;
