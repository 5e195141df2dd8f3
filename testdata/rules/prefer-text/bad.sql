CREATE TABLE users (email varchar(255), name character varying(100));
ALTER TABLE users ADD COLUMN phone varchar(20);
