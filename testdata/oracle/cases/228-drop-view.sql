-- oracle: DROP VIEW
DROP VIEW account_phones;
