-- oracle: TYPE varchar(100) -> varchar(50)
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(50);
