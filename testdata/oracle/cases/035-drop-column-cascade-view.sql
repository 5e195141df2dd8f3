-- oracle: DROP COLUMN CASCADE (drops a check and the dependent view)
ALTER TABLE accounts DROP COLUMN phone CASCADE;
