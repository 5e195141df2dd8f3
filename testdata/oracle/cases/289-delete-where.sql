-- oracle: DELETE .. WHERE
DELETE FROM orders WHERE id = 1;
