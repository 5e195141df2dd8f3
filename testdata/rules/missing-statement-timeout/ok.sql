-- A CTE is no table: reading it scans nothing.
WITH recent (n) AS (VALUES (1), (2)) SELECT * FROM recent;
BEGIN;
SELECT set_config('statement_timeout', '1min', 'true');
CREATE INDEX orders_note_idx ON orders (note);
COMMIT;
SET statement_timeout = '5min';
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
RESET statement_timeout;
ALTER TABLE orders ADD COLUMN extra text;
SELECT set_config('statement_timeout', '1min', false);
CREATE INDEX orders_amount_idx ON orders (amount);
