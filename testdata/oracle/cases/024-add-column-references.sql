-- oracle: ADD COLUMN with an inline REFERENCES
ALTER TABLE payments ADD COLUMN refund_of bigint REFERENCES orders (id);
