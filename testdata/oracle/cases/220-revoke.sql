-- oracle: REVOKE
REVOKE ALL ON accounts FROM app_reader;
