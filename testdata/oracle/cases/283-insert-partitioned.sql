-- oracle: INSERT into a partitioned table
INSERT INTO events (id, kind, created_at) VALUES (999999, 'login', '2025-05-05 00:00:00+00');
