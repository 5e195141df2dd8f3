-- oracle: ADD COLUMN serial
ALTER TABLE accounts ADD COLUMN seq serial;
