-- oracle: CREATE MATERIALIZED VIEW
CREATE MATERIALIZED VIEW order_counts AS SELECT account_id, count(*) AS n FROM orders GROUP BY account_id;
