-- oracle: UPDATE .. WHERE pk
UPDATE accounts SET nickname = 'x' WHERE id = 42;
