ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE orders ADD COLUMN referrer_id bigint REFERENCES customers (id);
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_code_check CHECK (code <> '') NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_code_check;
COMMIT;
