-- oracle: SET NOT NULL after the check was added NOT VALID then validated
-- setup: ALTER TABLE orders ADD CONSTRAINT orders_code_nn CHECK (code IS NOT NULL) NOT VALID
-- setup: ALTER TABLE orders VALIDATE CONSTRAINT orders_code_nn
ALTER TABLE orders ALTER COLUMN code SET NOT NULL;
