-- create-index-non-concurrent
SET lock_timeout = '2s';
CREATE INDEX orders_account_idx ON orders (account_id);
CREATE UNIQUE INDEX accounts_name_key ON accounts (name);
CREATE INDEX IF NOT EXISTS orders_note_idx ON orders USING gin (to_tsvector('simple', note));
CREATE INDEX ON billing.invoices (total) WHERE total > 0;
CREATE INDEX orders_lower_code_idx ON ONLY orders (lower(code));
BEGIN;
CREATE INDEX accounts_created_idx ON accounts (created_at DESC);
COMMIT;
