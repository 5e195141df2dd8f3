-- oracle: TYPE integer -> text
ALTER TABLE accounts ALTER COLUMN score TYPE text;
