-- oracle: SET TABLESPACE pg_default (already there)
ALTER TABLE accounts SET TABLESPACE pg_default;
