-- oracle: SET NOT NULL with a validated CHECK (phone IS NOT NULL) present
ALTER TABLE accounts ALTER COLUMN phone SET NOT NULL;
