DROP INDEX orders_customer_idx;
BEGIN;
DROP INDEX IF EXISTS orders_code_idx;
COMMIT;
