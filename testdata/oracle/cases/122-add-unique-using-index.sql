-- oracle: ADD UNIQUE USING INDEX
ALTER TABLE payments ADD CONSTRAINT payments_ref_key UNIQUE USING INDEX payments_ref_uidx;
