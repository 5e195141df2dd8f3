UPDATE orders SET note = '';
DELETE FROM customers;
-- A CTE that deletes every row, moving them to another table.
WITH moved AS (DELETE FROM orders RETURNING id, note) INSERT INTO customers (id, name) SELECT id, note FROM moved;
