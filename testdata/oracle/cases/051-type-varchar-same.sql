-- oracle: TYPE varchar(100) -> varchar(100) (same type)
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(100);
