SET lock_timeout = '2s';
-- V2 added the column nullable: only natural order (V2 before V10) knows that
ALTER TABLE users ALTER COLUMN tenant_id SET NOT NULL;
