-- oracle: ALTER POLICY
-- setup: CREATE POLICY accounts_self ON accounts FOR SELECT USING (email = current_user)
ALTER POLICY accounts_self ON accounts USING (true);
