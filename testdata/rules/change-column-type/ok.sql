ALTER TABLE orders ALTER COLUMN code TYPE varchar(40);
ALTER TABLE orders ALTER COLUMN price TYPE numeric(14,2);
ALTER TABLE orders ALTER COLUMN created_at TYPE timestamp(6);
ALTER TABLE orders ALTER COLUMN net TYPE inet;
ALTER TABLE customers ALTER COLUMN email TYPE text;
ALTER TABLE customers ALTER COLUMN name TYPE varchar;
CREATE TABLE scratch (n int);
ALTER TABLE scratch ALTER COLUMN n TYPE bigint;
-- a USING that is just the column (or a cast to the new type) converts nothing
ALTER TABLE customers ALTER COLUMN name TYPE text USING name::text;
