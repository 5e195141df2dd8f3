CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE INDEX orders_note_idx ON orders (note);
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
