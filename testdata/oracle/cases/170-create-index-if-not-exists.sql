-- oracle: CREATE INDEX IF NOT EXISTS
CREATE INDEX IF NOT EXISTS accounts_score_idx ON accounts (score);
