CREATE TABLE app.orders (id bigint);
CREATE INDEX orders_id_idx ON app.orders (id);
INSERT INTO app.orders VALUES (1);
DROP TABLE app.orders;
