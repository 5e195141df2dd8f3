-- oracle: TYPE cidr -> inet
ALTER TABLE accounts ALTER COLUMN home_net TYPE inet;
