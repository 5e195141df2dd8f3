CREATE TABLE events (payload json);
ALTER TABLE events ADD COLUMN meta json;
