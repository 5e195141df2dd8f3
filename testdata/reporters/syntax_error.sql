SET lock_timeout = '2s';
CREATE TABLE t (id int;
CREATE TABLE u (id int);
