-- oracle: TYPE varbit(16) -> varbit
ALTER TABLE accounts ALTER COLUMN flags TYPE varbit;
