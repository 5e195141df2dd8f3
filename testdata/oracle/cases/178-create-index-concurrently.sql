-- oracle: skip-in-transaction: CREATE INDEX CONCURRENTLY
-- hold: accounts ROW EXCLUSIVE
CREATE INDEX CONCURRENTLY accounts_score_idx ON accounts (score);
