-- oracle: GRANT SELECT
GRANT SELECT ON accounts TO app_reader;
