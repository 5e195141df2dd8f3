-- A safe migration: nothing to report.
SET lock_timeout = '2s';
CREATE TABLE widgets (id bigint PRIMARY KEY, name text);
