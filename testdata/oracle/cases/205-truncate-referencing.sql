-- oracle: TRUNCATE a table that references another
TRUNCATE orders;
