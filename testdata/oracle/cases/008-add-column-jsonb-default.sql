-- oracle: ADD COLUMN jsonb DEFAULT '{}'
ALTER TABLE accounts ADD COLUMN settings jsonb NOT NULL DEFAULT '{}';
