-- oracle: ADD COLUMN, nullable, no default
ALTER TABLE accounts ADD COLUMN middle_name text;
