-- oracle: VALIDATE CONSTRAINT on an already valid check
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_phone_not_null;
