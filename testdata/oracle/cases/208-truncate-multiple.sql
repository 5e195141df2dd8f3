-- oracle: TRUNCATE a, b
TRUNCATE orders, payments;
