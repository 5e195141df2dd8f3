-- oracle: ADD COLUMN with an inline CHECK
ALTER TABLE accounts ADD COLUMN age integer CHECK (age > 0);
