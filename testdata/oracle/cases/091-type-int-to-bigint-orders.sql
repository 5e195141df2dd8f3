-- oracle: TYPE integer -> bigint (NOT NULL with default)
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
