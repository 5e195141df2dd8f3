-- oracle: TYPE integer -> numeric
ALTER TABLE accounts ALTER COLUMN score TYPE numeric;
