CREATE UNIQUE INDEX CONCURRENTLY customers_email_key ON customers (email);
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE USING INDEX customers_email_key;
CREATE TABLE items (id bigint, sku text);
ALTER TABLE items ADD PRIMARY KEY (id);
ALTER TABLE items ADD CONSTRAINT items_sku_key UNIQUE (sku);
