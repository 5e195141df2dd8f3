-- Dangerous: the running application still reads display_name.
ALTER TABLE accounts DROP COLUMN display_name;

-- Safe: built without blocking writes (this file runs outside a transaction).
CREATE INDEX CONCURRENTLY accounts_created_at_idx ON accounts (created_at);
