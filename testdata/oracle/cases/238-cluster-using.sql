-- oracle: CLUSTER table USING index
CLUSTER accounts USING accounts_created_at_idx;
