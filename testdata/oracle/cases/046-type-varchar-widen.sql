-- oracle: TYPE varchar(100) -> varchar(200) (indexed column)
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200);
