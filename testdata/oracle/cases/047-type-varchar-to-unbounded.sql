-- oracle: TYPE varchar(50) -> varchar
ALTER TABLE accounts ALTER COLUMN nickname TYPE varchar;
