-- oracle: ADD COLUMN DEFAULT gen_random_uuid() (volatile)
ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
