-- oracle: TYPE varchar(100) -> text
ALTER TABLE accounts ALTER COLUMN name TYPE text;
