-- oracle: TYPE enum -> text
ALTER TABLE accounts ALTER COLUMN status DROP DEFAULT, ALTER COLUMN status TYPE text USING status::text;
