-- oracle: CREATE TABLE .. REFERENCES an existing table
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), amount numeric(10,2));
