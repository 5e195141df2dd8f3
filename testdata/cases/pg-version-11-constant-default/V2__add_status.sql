SET lock_timeout = '2s';
-- PostgreSQL 11 stores a constant default in the catalog; 10 rewrites the table.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
ALTER TABLE orders ADD COLUMN discount numeric DEFAULT 0;
-- NULL default: no rewrite on any version
ALTER TABLE orders ADD COLUMN note text DEFAULT NULL;
