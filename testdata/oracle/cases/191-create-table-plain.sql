-- oracle: CREATE TABLE with no references
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
