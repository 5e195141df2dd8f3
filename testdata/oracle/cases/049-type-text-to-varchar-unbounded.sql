-- oracle: TYPE text -> varchar (unbounded)
ALTER TABLE accounts ALTER COLUMN bio TYPE varchar;
