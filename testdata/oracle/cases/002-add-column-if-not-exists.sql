-- oracle: ADD COLUMN IF NOT EXISTS
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS middle_name text;
