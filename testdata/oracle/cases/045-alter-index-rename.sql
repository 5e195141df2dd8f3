-- oracle: ALTER INDEX .. RENAME TO
ALTER INDEX accounts_name_idx RENAME TO accounts_by_name_idx;
