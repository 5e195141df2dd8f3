-- oracle: DROP INDEX
DROP INDEX accounts_name_idx;
