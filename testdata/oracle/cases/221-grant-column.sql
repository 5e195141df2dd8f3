-- oracle: GRANT on a column
GRANT UPDATE (name) ON accounts TO app_reader;
