-- oracle: CLUSTER table (index set by CLUSTER ON)
-- setup: ALTER TABLE accounts CLUSTER ON accounts_created_at_idx
CLUSTER accounts;
