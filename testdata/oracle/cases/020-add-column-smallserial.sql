-- oracle: ADD COLUMN smallserial
ALTER TABLE accounts ADD COLUMN seq smallserial;
