-- oracle: ADD COLUMN of an enum type with a default
ALTER TABLE accounts ADD COLUMN prev_status account_status DEFAULT 'active';
