DROP INDEX CONCURRENTLY orders_customer_idx;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
DROP INDEX orders_note_idx;
