-- oracle: ADD COLUMN DEFAULT clock_timestamp() (volatile)
ALTER TABLE accounts ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();
