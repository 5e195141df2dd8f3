-- oracle: ADD CONSTRAINT CHECK NOT VALID
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_nonneg CHECK (balance >= 0) NOT VALID;
