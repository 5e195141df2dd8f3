CREATE TABLE scratch (id int);
DROP TABLE scratch;
DROP VIEW IF EXISTS some_view;
