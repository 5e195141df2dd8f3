-- oracle: SET TABLESPACE to another tablespace (oracle_space, created by the runner)
ALTER TABLE accounts SET TABLESPACE oracle_space;
