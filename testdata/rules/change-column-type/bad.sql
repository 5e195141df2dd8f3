-- not binary coercible
ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
-- narrowing
ALTER TABLE orders ALTER COLUMN code TYPE varchar(10);
-- numeric scale change
ALTER TABLE orders ALTER COLUMN price TYPE numeric(12,4);
-- timestamp precision shrink
ALTER TABLE orders ALTER COLUMN created_at TYPE timestamp(0);
-- coercible, but the USING expression converts every value
ALTER TABLE customers ALTER COLUMN name TYPE varchar USING trim(name);
-- old type unknown: not created in these migrations
ALTER TABLE legacy ALTER COLUMN total TYPE numeric;
