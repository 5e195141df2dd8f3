-- oracle: ADD COLUMN DEFAULT timeofday() (volatile)
ALTER TABLE accounts ADD COLUMN tod text DEFAULT timeofday();
