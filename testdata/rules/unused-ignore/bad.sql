-- unused-ignore: ignores that name unknown rules or suppress nothing.
-- pgsafe-ignore no-such-rule: typo
ALTER TABLE accounts DROP COLUMN nickname;
-- pgsafe-ignore syntax-error: but the statement parses
CREATE TABLE notes (id int);
-- pgsafe-ignore-file drop-colum
/* pgsafe-ignore syntax-error, made-up-rule */
SELECT 1;
-- pgsafe-ignore
SELECT 2;
-- pgsafe-ignore syntax-error: used, so not reported
SELEC 3;
