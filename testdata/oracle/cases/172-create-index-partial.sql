-- oracle: CREATE INDEX .. WHERE
CREATE INDEX orders_unpaid_idx ON orders (placed_at) WHERE NOT paid;
