CREATE TABLE events (at timestamptz, done_at timestamp with time zone, day date);
