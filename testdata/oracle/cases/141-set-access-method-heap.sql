-- oracle: SET ACCESS METHOD heap (same method)
ALTER TABLE accounts SET ACCESS METHOD heap;
