-- oracle: SET NOT NULL, no check constraint
ALTER TABLE accounts ALTER COLUMN bio SET NOT NULL;
