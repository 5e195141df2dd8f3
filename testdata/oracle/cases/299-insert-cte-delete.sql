-- oracle: INSERT whose CTE deletes (moving rows to another table)
WITH d AS (DELETE FROM payments WHERE amount < 0 RETURNING id) INSERT INTO audit_new (id, action) SELECT id, 'deleted' FROM d;
