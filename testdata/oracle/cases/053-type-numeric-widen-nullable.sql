-- oracle: TYPE numeric(8,2) -> numeric(10,2)
ALTER TABLE accounts ALTER COLUMN credit TYPE numeric(10,2);
