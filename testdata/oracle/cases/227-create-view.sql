-- oracle: CREATE VIEW on a table
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
