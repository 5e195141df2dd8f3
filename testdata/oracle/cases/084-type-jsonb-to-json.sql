-- oracle: TYPE jsonb -> json
ALTER TABLE accounts ALTER COLUMN prefs TYPE json;
