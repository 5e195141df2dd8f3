-- oracle: CREATE STATISTICS
CREATE STATISTICS accounts_status_admin ON status, is_admin FROM accounts;
