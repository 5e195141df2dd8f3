-- oracle: skip-in-transaction: VACUUM
-- hold: accounts SHARE UPDATE EXCLUSIVE
VACUUM accounts;
