-- oracle: DROP TABLE .. CASCADE (referenced by foreign keys and views)
DROP TABLE accounts CASCADE;
