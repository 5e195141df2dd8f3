CREATE TABLE countries (code text, name varchar(100));
