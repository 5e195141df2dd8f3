-- oracle: ADD COLUMN bigserial
ALTER TABLE accounts ADD COLUMN seq bigserial;
