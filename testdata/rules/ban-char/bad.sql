CREATE TABLE countries (code char(2), flag character(1));
ALTER TABLE countries ADD COLUMN kind char;
