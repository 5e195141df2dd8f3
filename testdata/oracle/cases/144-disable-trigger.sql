-- oracle: DISABLE TRIGGER name
ALTER TABLE accounts DISABLE TRIGGER accounts_touch;
