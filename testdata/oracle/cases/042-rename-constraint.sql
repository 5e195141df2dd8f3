-- oracle: RENAME CONSTRAINT
ALTER TABLE accounts RENAME CONSTRAINT accounts_phone_not_null TO accounts_phone_present;
