-- oracle: SELECT * (sequential scan)
SELECT * FROM accounts;
