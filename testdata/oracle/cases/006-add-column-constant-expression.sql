-- oracle: ADD COLUMN with an immutable expression default
ALTER TABLE accounts ADD COLUMN label text DEFAULT 'a' || 'b';
