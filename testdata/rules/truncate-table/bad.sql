TRUNCATE orders;

TRUNCATE customers CASCADE;
