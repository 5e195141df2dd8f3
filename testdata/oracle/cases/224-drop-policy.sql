-- oracle: DROP POLICY
-- setup: CREATE POLICY accounts_self ON accounts FOR SELECT USING (email = current_user)
DROP POLICY accounts_self ON accounts;
