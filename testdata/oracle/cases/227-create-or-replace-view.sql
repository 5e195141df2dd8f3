-- oracle: CREATE OR REPLACE VIEW (existing view)
CREATE OR REPLACE VIEW account_phones AS SELECT phone, referrer_id, id FROM accounts WHERE phone IS NOT NULL;
