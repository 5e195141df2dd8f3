-- oracle: UPDATE .. WHERE (backfill-style, non-indexed predicate)
UPDATE accounts SET credit = 0 WHERE credit IS NULL;
