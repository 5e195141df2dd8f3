-- oracle: DROP COLUMN that has an index
ALTER TABLE accounts DROP COLUMN created_at;
