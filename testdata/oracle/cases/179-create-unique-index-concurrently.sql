-- oracle: skip-in-transaction: CREATE UNIQUE INDEX CONCURRENTLY
-- hold: accounts ROW EXCLUSIVE
CREATE UNIQUE INDEX CONCURRENTLY accounts_phone_uidx ON accounts (phone);
