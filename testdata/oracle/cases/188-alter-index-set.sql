-- oracle: ALTER INDEX .. SET (fillfactor)
ALTER INDEX accounts_name_idx SET (fillfactor = 80);
