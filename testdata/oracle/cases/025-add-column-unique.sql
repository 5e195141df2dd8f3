-- oracle: ADD COLUMN with an inline UNIQUE (builds an index)
ALTER TABLE accounts ADD COLUMN handle text UNIQUE;
