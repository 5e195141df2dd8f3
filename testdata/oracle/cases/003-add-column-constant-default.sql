-- oracle: ADD COLUMN with a constant default (no rewrite since PG11)
ALTER TABLE accounts ADD COLUMN tier integer DEFAULT 0;
