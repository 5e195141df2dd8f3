-- oracle: INSERT .. DEFAULT VALUES: a foreign-key column with no default is NULL, so no key check and no lock on the referenced table
-- setup: CREATE TABLE notes (id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts (id))
INSERT INTO notes DEFAULT VALUES;
