SET statement_timeout = '5min';
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
RESET statement_timeout;
ALTER TABLE orders ADD COLUMN extra text;
SELECT set_config('statement_timeout', '1min', false);
CREATE INDEX orders_amount_idx ON orders (amount);
