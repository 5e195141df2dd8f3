-- oracle: TYPE integer -> bigint
ALTER TABLE accounts ALTER COLUMN score TYPE bigint;
