-- created by V1, so existing (and full of rows) here
SET lock_timeout = '2s';
CREATE INDEX events_id_kind_idx ON events (id, kind);
ALTER TABLE events RENAME COLUMN kind TO event_kind;
