-- oracle: a schema-qualified name is the table, not the CTE it spells
WITH orders AS (SELECT 1 AS id) SELECT * FROM public.orders;
