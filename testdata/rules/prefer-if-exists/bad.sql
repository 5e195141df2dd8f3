CREATE TABLE items (id bigint);
CREATE INDEX items_id_idx ON items (id);
ALTER TABLE items ADD COLUMN note text;
ALTER TABLE items DROP COLUMN note;
DROP INDEX items_id_idx;
DROP TABLE items;
