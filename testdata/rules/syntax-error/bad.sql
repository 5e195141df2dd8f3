-- syntax-error: the parser's message and position; the other statements are still linted.
CREATE TABLE ok_before (id int);
SELEC 1;
ALTER TABLE orders ADD COLUMN;
CREATE TABLE ok_between (id int);
ALTER TABLE orders ALTER COLUMN total SET EXPRESSION AS (price * 2);
INSERT INTO ok_between VALUES ('naïve café', 1 2);
CREATE TABLE ok_after (id int,);
CREATE TABLE ok_last (id int);
