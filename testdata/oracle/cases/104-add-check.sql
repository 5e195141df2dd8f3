-- oracle: ADD CONSTRAINT CHECK (validated)
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_nonneg CHECK (balance >= 0);
