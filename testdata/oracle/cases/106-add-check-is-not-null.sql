-- oracle: ADD CONSTRAINT CHECK (c IS NOT NULL), validated
ALTER TABLE orders ADD CONSTRAINT orders_code_nn CHECK (code IS NOT NULL);
