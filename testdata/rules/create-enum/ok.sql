CREATE TYPE money_pair AS (amount numeric, currency text);
CREATE TABLE orders (status text CHECK (status IN ('new', 'paid', 'shipped')));
