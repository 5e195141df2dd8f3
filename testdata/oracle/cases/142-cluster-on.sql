-- oracle: CLUSTER ON index
ALTER TABLE accounts CLUSTER ON accounts_created_at_idx;
