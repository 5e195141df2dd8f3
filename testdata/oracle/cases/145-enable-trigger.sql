-- oracle: ENABLE TRIGGER name
-- setup: ALTER TABLE accounts DISABLE TRIGGER accounts_touch
ALTER TABLE accounts ENABLE TRIGGER accounts_touch;
