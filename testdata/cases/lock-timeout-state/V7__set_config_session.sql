SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE a ADD COLUMN c10 int;
