-- oracle: UPDATE a foreign-key column to a new value (FK check on the referenced table)
UPDATE orders SET account_id = 3 WHERE id = 1;
