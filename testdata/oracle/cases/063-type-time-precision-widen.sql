-- oracle: TYPE time(0) -> time(3)
ALTER TABLE orders ALTER COLUMN ship_time TYPE time(3);
