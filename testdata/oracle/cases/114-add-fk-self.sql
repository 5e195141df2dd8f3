-- oracle: ADD FOREIGN KEY referencing the same table
ALTER TABLE accounts ADD CONSTRAINT accounts_referrer_fk FOREIGN KEY (referrer_id) REFERENCES accounts (id);
