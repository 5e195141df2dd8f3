-- oracle: RENAME COLUMN
ALTER TABLE accounts RENAME COLUMN nickname TO alias;
