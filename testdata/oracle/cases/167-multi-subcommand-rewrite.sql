-- oracle: several subcommands: ADD COLUMN + TYPE int -> bigint
ALTER TABLE accounts ADD COLUMN tier integer, ALTER COLUMN score TYPE bigint;
