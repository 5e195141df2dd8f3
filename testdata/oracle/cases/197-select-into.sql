-- oracle: SELECT INTO a new table
SELECT * INTO orders_copy FROM orders WHERE paid;
