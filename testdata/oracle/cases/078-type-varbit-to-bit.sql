-- oracle: TYPE varbit(16) -> bit(16)
ALTER TABLE accounts ALTER COLUMN flags TYPE bit(16);
