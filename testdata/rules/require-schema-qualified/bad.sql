CREATE TABLE orders (id bigint);
CREATE INDEX orders_id_idx ON orders (id);
INSERT INTO orders VALUES (1);
DROP TABLE orders;
