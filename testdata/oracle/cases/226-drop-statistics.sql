-- oracle: DROP STATISTICS
-- setup: CREATE STATISTICS accounts_status_admin ON status, is_admin FROM accounts
DROP STATISTICS accounts_status_admin;
