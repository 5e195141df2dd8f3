-- oracle: ADD COLUMN DEFAULT random() (volatile)
ALTER TABLE accounts ADD COLUMN weight double precision DEFAULT random();
