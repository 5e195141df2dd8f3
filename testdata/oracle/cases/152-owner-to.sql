-- oracle: OWNER TO
ALTER TABLE accounts OWNER TO app_reader;
