-- oracle: TYPE text -> varchar(100) on a uniquely indexed column
ALTER TABLE accounts ALTER COLUMN email TYPE varchar(100);
