-- oracle: DELETE's WITH clause: its CTE hides the table it is named after
WITH accounts AS (SELECT id FROM payments) DELETE FROM orders WHERE account_id IN (SELECT id FROM accounts);
