-- oracle: CREATE UNIQUE INDEX
CREATE UNIQUE INDEX accounts_phone_uidx ON accounts (phone);
