-- oracle: ADD COLUMN DEFAULT now() (stable: no rewrite)
ALTER TABLE accounts ADD COLUMN joined_at timestamptz DEFAULT now();
