-- oracle: VALIDATE CONSTRAINT (foreign key)
ALTER TABLE payments VALIDATE CONSTRAINT payments_account_fk;
