-- oracle: COMMENT ON TABLE
COMMENT ON TABLE accounts IS 'customer accounts';
