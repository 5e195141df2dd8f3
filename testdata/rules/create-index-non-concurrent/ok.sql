-- create-index-non-concurrent: safe forms.
CREATE INDEX CONCURRENTLY orders_account_idx ON orders (account_id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_name_key ON accounts (name);
-- an index on a table created in this file
CREATE TABLE line_items (id bigint, order_id bigint);
CREATE INDEX line_items_order_idx ON line_items (order_id);
CREATE UNIQUE INDEX ON line_items (id);
