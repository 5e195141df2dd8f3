-- oracle: SELECT from a view
SELECT count(*) FROM account_phones;
