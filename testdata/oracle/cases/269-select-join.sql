-- oracle: SELECT with a join
SELECT a.email, sum(o.total) FROM accounts a JOIN orders o ON o.account_id = a.id GROUP BY a.email;
