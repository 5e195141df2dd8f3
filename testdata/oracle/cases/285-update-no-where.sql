-- oracle: UPDATE without WHERE
UPDATE orders SET paid = true;
