-- oracle: CREATE TABLE AS SELECT
CREATE TABLE orders_copy AS SELECT * FROM orders;
