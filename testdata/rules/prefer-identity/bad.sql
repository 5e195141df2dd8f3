CREATE TABLE customers (id bigserial PRIMARY KEY);
ALTER TABLE customers ADD COLUMN seq serial;
