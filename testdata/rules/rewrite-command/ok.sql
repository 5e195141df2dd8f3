VACUUM orders;
VACUUM (ANALYZE) customers;
ALTER TABLE orders SET TABLESPACE pg_default;
CREATE TABLE scratch (id int);
ALTER TABLE scratch SET UNLOGGED;
VACUUM FULL scratch;
