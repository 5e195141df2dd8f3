-- oracle: ADD COLUMN text[] DEFAULT '{}'
ALTER TABLE accounts ADD COLUMN tags text[] DEFAULT '{}';
