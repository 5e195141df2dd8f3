-- oracle: ALTER TYPE .. RENAME VALUE
ALTER TYPE account_status RENAME VALUE 'closed' TO 'deleted';
