CREATE TABLE events (at timestamp, done_at timestamp(3) without time zone);
ALTER TABLE events ADD COLUMN seen_at timestamp;
