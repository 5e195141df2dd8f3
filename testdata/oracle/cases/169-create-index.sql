-- oracle: CREATE INDEX
CREATE INDEX accounts_score_idx ON accounts (score);
