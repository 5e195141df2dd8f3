-- oracle: ADD COLUMN GENERATED ALWAYS AS (expr) STORED
ALTER TABLE accounts ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;
