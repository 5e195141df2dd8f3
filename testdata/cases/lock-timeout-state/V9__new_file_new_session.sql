-- the previous file's setting does not carry over
ALTER TABLE b ADD COLUMN c13 int;
