-- oracle: a CTE named like a table hides it (only accounts is read)
WITH orders AS (SELECT * FROM accounts) SELECT * FROM orders;
