-- oracle: INSERT .. VALUES
INSERT INTO accounts (email, name, phone) VALUES ('new@example.com', 'New', '+15550000000');
