-- oracle: VALIDATE CONSTRAINT (check)
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_karma_nonneg;
