-- oracle: SET DATA TYPE varchar(100) -> text with a trivial USING
ALTER TABLE accounts ALTER COLUMN name SET DATA TYPE text USING name::text;
