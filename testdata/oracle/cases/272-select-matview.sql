-- oracle: SELECT from a materialized view
SELECT * FROM account_totals WHERE total > 1000;
