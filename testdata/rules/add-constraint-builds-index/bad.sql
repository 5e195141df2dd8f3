ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
ALTER TABLE orders ADD PRIMARY KEY (customer_id, code);
ALTER TABLE orders ADD CONSTRAINT orders_no_overlap EXCLUDE USING gist (customer_id WITH =);
