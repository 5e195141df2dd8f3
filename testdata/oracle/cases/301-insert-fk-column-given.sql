-- oracle: INSERT that gives the foreign-key column: the key check locks the referenced table
INSERT INTO payments (id, order_id, account_id, amount) VALUES (9002, 1, 1, 5.00);
