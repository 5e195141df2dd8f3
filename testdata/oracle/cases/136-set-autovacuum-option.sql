-- oracle: SET (autovacuum_vacuum_scale_factor = ..)
ALTER TABLE accounts SET (autovacuum_vacuum_scale_factor = 0.01);
