-- oracle: SET (fillfactor = 70)
ALTER TABLE accounts SET (fillfactor = 70);
