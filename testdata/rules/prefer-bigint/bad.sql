CREATE TABLE customers (id serial PRIMARY KEY, name text);
CREATE TABLE orders (
  id integer,
  customer_id int REFERENCES customers (id),
  qty integer,
  PRIMARY KEY (id)
);
ALTER TABLE orders ADD COLUMN parent_id smallint REFERENCES orders (id);
