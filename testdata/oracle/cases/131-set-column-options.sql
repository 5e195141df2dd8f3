-- oracle: ALTER COLUMN SET (n_distinct = ..)
ALTER TABLE accounts ALTER COLUMN status SET (n_distinct = 3);
