-- oracle: TYPE varchar(50) -> char(50)
ALTER TABLE accounts ALTER COLUMN nickname TYPE char(50);
