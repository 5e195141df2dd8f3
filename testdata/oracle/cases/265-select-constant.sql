-- oracle: control: SELECT 1 touches no table (checks that the harness itself takes no locks and counts no scans)
SELECT 1;
