-- oracle: SET NOT NULL on a column already NOT NULL
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
