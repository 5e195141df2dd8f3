-- oracle: CREATE TYPE .. AS ENUM
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
