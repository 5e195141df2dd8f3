-- oracle: LOCK TABLE without a mode (ACCESS EXCLUSIVE)
LOCK TABLE accounts;
