-- oracle: RESET (fillfactor)
ALTER TABLE accounts RESET (fillfactor);
