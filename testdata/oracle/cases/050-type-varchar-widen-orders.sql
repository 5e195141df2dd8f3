-- oracle: TYPE varchar(200) -> varchar(300)
ALTER TABLE orders ALTER COLUMN note TYPE varchar(300);
