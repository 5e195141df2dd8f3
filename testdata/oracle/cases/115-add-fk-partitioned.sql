-- oracle: ADD FOREIGN KEY on a partitioned table
ALTER TABLE events ADD CONSTRAINT events_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
