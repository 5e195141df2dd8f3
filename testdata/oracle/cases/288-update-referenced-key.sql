-- oracle: UPDATE a referenced key
-- setup: INSERT INTO accounts (id, email, name, phone) VALUES (900001, 'fresh@example.com', 'Fresh', '+1')
UPDATE accounts SET id = 900002 WHERE id = 900001;
