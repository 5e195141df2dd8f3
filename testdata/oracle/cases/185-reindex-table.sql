-- oracle: REINDEX TABLE
REINDEX TABLE accounts;
