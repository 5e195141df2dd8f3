CREATE TABLE accounts (id bigint PRIMARY KEY, name text, email text, legacy text, old text);
