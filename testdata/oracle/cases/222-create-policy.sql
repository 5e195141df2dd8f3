-- oracle: CREATE POLICY
CREATE POLICY accounts_self ON accounts FOR SELECT USING (email = current_user);
