-- oracle: DROP TABLE (holds a foreign key to accounts)
DROP TABLE orders;
