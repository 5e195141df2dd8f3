-- oracle: DROP VIEW
DROP VIEW referred_accounts;
