-- oracle: ADD CONSTRAINT UNIQUE
ALTER TABLE accounts ADD CONSTRAINT accounts_phone_key UNIQUE (phone);
