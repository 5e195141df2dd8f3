-- oracle: LOCK TABLE a, b
LOCK TABLE accounts, orders IN SHARE ROW EXCLUSIVE MODE;
