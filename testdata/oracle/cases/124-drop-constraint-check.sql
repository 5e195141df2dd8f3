-- oracle: DROP CONSTRAINT (check)
ALTER TABLE accounts DROP CONSTRAINT accounts_phone_not_null;
