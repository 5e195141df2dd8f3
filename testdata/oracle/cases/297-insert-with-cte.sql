-- oracle: INSERT's WITH clause: its CTE hides the table it is named after
WITH orders AS (SELECT id FROM accounts) INSERT INTO audit_new (id, action) SELECT id, 'copy' FROM orders;
