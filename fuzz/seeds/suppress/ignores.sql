-- pgsafe-ignore-file unused-ignore, rename-table: legacy
-- pgsafe-ignore drop-column: dropped after the deploy
ALTER TABLE users DROP COLUMN a;
/* pgsafe-ignore rename-column, no-such-rule */
ALTER TABLE users RENAME COLUMN b TO c; -- pgsafe-ignore rename-column
/*
 * pgsafe-ignore
 */
SELECT 1; -- pgsafe-ignored
--pgsafe-ignore-file
