-- oracle: skip-in-transaction: CLUSTER without a table (all tables marked with CLUSTER ON)
-- hold: accounts ACCESS SHARE
-- setup: ALTER TABLE accounts CLUSTER ON accounts_created_at_idx
CLUSTER;
