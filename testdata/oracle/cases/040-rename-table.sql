-- oracle: RENAME TO
ALTER TABLE orders RENAME TO purchases;
