-- add-column-rewrite: forms that do not rewrite (PostgreSQL >= 11).
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
ALTER TABLE orders ADD COLUMN priority int DEFAULT 0;
ALTER TABLE orders ADD COLUMN flags boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE orders ADD COLUMN updated_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE orders ADD COLUMN meta jsonb DEFAULT '{}'::jsonb;
ALTER TABLE orders ADD COLUMN explicit_null text DEFAULT NULL;
-- SET DEFAULT only affects new rows
ALTER TABLE orders ADD COLUMN token uuid;
ALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();
-- a table created in this file is empty: volatile defaults, serials and identities are fine
CREATE TABLE events (id bigint);
ALTER TABLE events ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE events ADD COLUMN seq bigserial;
ALTER TABLE events ADD COLUMN num int GENERATED ALWAYS AS IDENTITY;
