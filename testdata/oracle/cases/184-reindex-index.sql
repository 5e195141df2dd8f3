-- oracle: REINDEX INDEX
REINDEX INDEX accounts_name_idx;
