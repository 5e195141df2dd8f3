CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(100), name text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint,
  amount integer,
  code varchar(20),
  price numeric(10,2),
  created_at timestamp(3),
  net cidr,
  note text
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_code_idx ON orders (code);
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id;
CREATE TYPE mood AS ENUM ('sad', 'ok');
