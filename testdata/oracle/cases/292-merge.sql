-- oracle: MERGE
MERGE INTO accounts a USING (VALUES ('user5@example.com', 'Five')) AS v(email, name) ON a.email = v.email WHEN MATCHED THEN UPDATE SET name = v.name WHEN NOT MATCHED THEN INSERT (email, name, phone) VALUES (v.email, v.name, '+1');
