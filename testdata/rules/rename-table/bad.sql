-- rename-table: ALTER TABLE .. RENAME TO on an existing table.
SET lock_timeout = '2s';
ALTER TABLE accounts RENAME TO users;
ALTER TABLE IF EXISTS billing.invoices RENAME TO bills;
ALTER TABLE ONLY orders RENAME TO purchase_orders;
-- pgsafe knows nothing about this one: assumed to exist
ALTER TABLE "Legacy" RENAME TO legacy;
