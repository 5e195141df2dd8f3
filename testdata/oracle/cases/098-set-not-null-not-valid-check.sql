-- oracle: SET NOT NULL with only a NOT VALID CHECK (c IS NOT NULL)
-- setup: ALTER TABLE accounts ADD CONSTRAINT accounts_bio_nn CHECK (bio IS NOT NULL) NOT VALID
ALTER TABLE accounts ALTER COLUMN bio SET NOT NULL;
