-- oracle: ADD COLUMN boolean NOT NULL DEFAULT false
ALTER TABLE accounts ADD COLUMN verified boolean NOT NULL DEFAULT false;
