-- oracle: SET WITHOUT CLUSTER
-- setup: ALTER TABLE accounts CLUSTER ON accounts_created_at_idx
ALTER TABLE accounts SET WITHOUT CLUSTER;
