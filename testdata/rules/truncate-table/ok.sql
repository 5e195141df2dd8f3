CREATE TABLE scratch (id int);
TRUNCATE scratch;
DELETE FROM orders WHERE id < 1000;
