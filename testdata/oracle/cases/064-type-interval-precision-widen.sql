-- oracle: TYPE interval(0) -> interval(3)
ALTER TABLE orders ALTER COLUMN handling TYPE interval(3);
