-- oracle: COMMENT ON INDEX
COMMENT ON INDEX accounts_name_idx IS 'by name';
