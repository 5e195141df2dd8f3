-- oracle: ADD COLUMN DEFAULT nextval(seq) (volatile)
ALTER TABLE accounts ADD COLUMN invoice_no bigint DEFAULT nextval('invoice_seq');
