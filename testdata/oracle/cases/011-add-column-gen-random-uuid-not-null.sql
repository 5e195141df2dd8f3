-- oracle: ADD COLUMN NOT NULL DEFAULT gen_random_uuid()
ALTER TABLE accounts ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
