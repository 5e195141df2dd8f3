-- oracle: ALTER TRIGGER .. RENAME TO
ALTER TRIGGER accounts_touch ON accounts RENAME TO accounts_touch_updated;
