CREATE TABLE orders (id bigint PRIMARY KEY, amount integer, note text);
