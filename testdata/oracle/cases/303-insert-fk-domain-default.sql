-- oracle: INSERT that leaves out a foreign-key column whose domain has a default: the key is not NULL, so the check locks the referenced table
-- setup: CREATE DOMAIN account_ref AS bigint DEFAULT 1
-- setup: CREATE TABLE tagged (id bigint, account_id account_ref REFERENCES accounts (id))
INSERT INTO tagged (id) VALUES (1);
