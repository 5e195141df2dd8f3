UPDATE orders SET note = '' WHERE id BETWEEN 1 AND 10000;
DELETE FROM customers WHERE email IS NULL;
CREATE TABLE scratch (id int, v text);
UPDATE scratch SET v = 'x';
DELETE FROM scratch;
