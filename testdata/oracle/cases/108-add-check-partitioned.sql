-- oracle: ADD CHECK on a partitioned table
ALTER TABLE events ADD CONSTRAINT events_id_pos CHECK (id > 0);
