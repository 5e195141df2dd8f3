-- oracle: DELETE without WHERE
DELETE FROM payments;
