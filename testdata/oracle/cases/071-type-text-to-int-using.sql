-- oracle: TYPE text -> integer USING
ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer;
