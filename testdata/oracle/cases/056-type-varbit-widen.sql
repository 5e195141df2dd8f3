-- oracle: TYPE varbit(16) -> varbit(32)
ALTER TABLE accounts ALTER COLUMN flags TYPE varbit(32);
