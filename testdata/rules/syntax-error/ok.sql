-- syntax-error: valid input, including the awkward parts.
\set ON_ERROR_STOP on
CREATE TABLE t (id int, "select" text, note text DEFAULT 'it''s; fine');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.note := 'a; b';
  RETURN NEW;
END;
$body$;
DO $$ BEGIN RAISE NOTICE 'x;y'; END $$;
/* a block comment; with a semicolon */
INSERT INTO t VALUES (1, E'esc\'aped;', 'naïve');
\i other.sql
SELECT 1
