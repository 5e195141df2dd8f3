-- new in this file: no findings
CREATE TABLE events (id bigint PRIMARY KEY, kind text, payload jsonb);
CREATE INDEX events_kind_idx ON events (kind);
ALTER TABLE events DROP COLUMN payload;
