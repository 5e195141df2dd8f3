-- oracle: COMMENT ON COLUMN
COMMENT ON COLUMN accounts.email IS 'login address';
