-- oracle: DROP TRIGGER
DROP TRIGGER accounts_touch ON accounts;
