-- oracle: TRUNCATE
TRUNCATE payments;
