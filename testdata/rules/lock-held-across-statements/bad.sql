BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN tag text;
SET LOCAL statement_timeout = '5s';
CREATE TABLE order_tags (id bigint, tag text);
INSERT INTO order_tags VALUES (1, 'x');
UPDATE orders SET tag = 'x' WHERE id < 100;
ALTER TABLE customers ADD COLUMN tag text;
COMMIT;
