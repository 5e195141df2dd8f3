-- oracle: INSERT that leaves a nullable foreign-key column out: it is NULL, so no key check and no lock on the referenced table
INSERT INTO payments (id, order_id, amount) VALUES (9001, 1, 5.00);
