UPDATE users SET tenant_id = 1 WHERE tenant_id IS NULL;
