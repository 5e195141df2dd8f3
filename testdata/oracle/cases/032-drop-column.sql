-- oracle: DROP COLUMN
ALTER TABLE accounts DROP COLUMN bio;
