CREATE TABLE contacts (id bigint, phone text NOT NULL);
ALTER TABLE contacts ALTER COLUMN phone DROP NOT NULL;
