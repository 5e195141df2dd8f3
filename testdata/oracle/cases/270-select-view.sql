-- oracle: SELECT from a view
SELECT count(*) FROM referred_accounts;
