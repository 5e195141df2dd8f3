-- oracle: CREATE INDEX USING gin
CREATE INDEX accounts_prefs_idx ON accounts USING gin (prefs);
