-- oracle: ALTER SEQUENCE .. OWNED BY a column
ALTER SEQUENCE invoice_seq OWNED BY accounts.karma;
