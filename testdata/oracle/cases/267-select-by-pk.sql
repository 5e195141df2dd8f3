-- oracle: SELECT by primary key (index scan)
SELECT * FROM accounts WHERE id = 42;
