-- oracle: ADD COLUMN NOT NULL with a constant default
ALTER TABLE accounts ADD COLUMN locale text NOT NULL DEFAULT 'en';
