-- oracle: DISABLE TRIGGER ALL (includes foreign-key triggers)
ALTER TABLE accounts DISABLE TRIGGER ALL;
