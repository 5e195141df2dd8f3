-- oracle: TYPE inet -> cidr
ALTER TABLE accounts ALTER COLUMN last_ip TYPE cidr USING network(last_ip);
