CREATE TABLE users (email text CHECK (length(email) <= 255), name varchar);
ALTER TABLE users ADD COLUMN phone text;
