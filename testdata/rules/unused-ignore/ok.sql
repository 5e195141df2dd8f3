-- unused-ignore: ignores that are used, or whose rule did not run.
-- pgsafe-ignore syntax-error: PostgreSQL 17 syntax, reviewed by hand
ALTER TABLE orders ALTER COLUMN price SET EXPRESSION AS (1);
-- pgsafe-ignore drop-column: drop-column did not run (--select), so nobody can tell
ALTER TABLE accounts DROP COLUMN nickname;
-- pgsafe-ignored: not a directive
-- a comment that mentions pgsafe-ignore later on is not a directive either
SELECT 1;
