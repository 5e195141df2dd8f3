UPDATE orders SET note = '';
DELETE FROM customers;
-- A CTE that deletes every row, moving them to another table.
WITH moved AS (DELETE FROM orders RETURNING id, note) INSERT INTO customers (id, name) SELECT id, note FROM moved;
-- Each finding points at its own statement's keyword, the outer one's after the WITH clause.
WITH a AS (UPDATE orders SET note = 'a' WHERE id = 1 RETURNING id), b AS (UPDATE orders SET note = 'b' RETURNING id) UPDATE customers SET name = 'c';
