-- oracle: several subcommands: ADD COLUMN + SET DEFAULT
ALTER TABLE accounts ADD COLUMN tier integer, ALTER COLUMN score SET DEFAULT 1;
