-- oracle: DELETE from a referenced table (foreign-key checks)
-- setup: INSERT INTO accounts (id, email, name, phone) VALUES (900001, 'fresh@example.com', 'Fresh', '+1')
DELETE FROM accounts WHERE id = 900001;
