-- oracle: ALTER INDEX .. RESET (fillfactor)
ALTER INDEX accounts_name_idx RESET (fillfactor);
