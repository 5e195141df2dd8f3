-- oracle: CREATE INDEX on an expression
CREATE INDEX accounts_email_lower_idx ON accounts (lower(email));
