-- oracle: skip-in-transaction: VACUUM FULL
-- hold: accounts ACCESS SHARE
VACUUM FULL accounts;
