-- oracle: SELECT whose CTE updates: the UPDATE's locks and scan
WITH u AS (UPDATE accounts SET score = score RETURNING id) SELECT count(*) FROM u;
