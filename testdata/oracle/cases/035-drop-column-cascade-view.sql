-- oracle: DROP COLUMN CASCADE (drops the dependent view)
ALTER TABLE accounts DROP COLUMN referrer_id CASCADE;
