REINDEX INDEX orders_customer_idx;
REINDEX TABLE orders;
