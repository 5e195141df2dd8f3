-- oracle: INSERT into a table with a foreign key
INSERT INTO orders (account_id, total) VALUES (1, 10.00);
