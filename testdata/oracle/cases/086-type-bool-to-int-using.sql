-- oracle: SET DATA TYPE boolean -> integer USING
ALTER TABLE accounts ALTER COLUMN is_admin DROP DEFAULT, ALTER COLUMN is_admin SET DATA TYPE integer USING is_admin::integer;
