-- set_config(.., true) is SET LOCAL: nothing outside a transaction, until COMMIT inside one
SELECT set_config('lock_timeout', '2s', true);
ALTER TABLE a ADD COLUMN c11 int;
BEGIN;
SELECT set_config('lock_timeout', '2s', true);
ALTER TABLE b ADD COLUMN c11 int;
COMMIT;
ALTER TABLE b ADD COLUMN c12 int;
-- so is set_config(.., 'on'): PostgreSQL reads the string as true
SELECT set_config('lock_timeout', '2s', 'on');
ALTER TABLE a ADD COLUMN c14 int;
