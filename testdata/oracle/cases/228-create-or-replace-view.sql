-- oracle: CREATE OR REPLACE VIEW (existing view)
CREATE OR REPLACE VIEW referred_accounts AS SELECT referrer_id, created_at FROM accounts WHERE referrer_id IS NOT NULL;
