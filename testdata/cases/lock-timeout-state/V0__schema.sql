CREATE TABLE a (id bigint PRIMARY KEY, x int);
CREATE TABLE b (id bigint PRIMARY KEY, y int);
