-- oracle: UPDATE a foreign-key column
UPDATE orders SET account_id = 2 WHERE id = 1;
