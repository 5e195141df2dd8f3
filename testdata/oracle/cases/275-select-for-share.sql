-- oracle: SELECT .. FOR SHARE
SELECT * FROM accounts WHERE id = 42 FOR SHARE;
