-- oracle: INSERT .. ON CONFLICT DO NOTHING
INSERT INTO accounts (email, name, phone) VALUES ('user1@example.com', 'Dup', '+1') ON CONFLICT (email) DO NOTHING;
