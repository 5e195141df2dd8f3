-- oracle: CREATE INDEX USING brin
CREATE INDEX orders_placed_brin ON orders USING brin (placed_at);
