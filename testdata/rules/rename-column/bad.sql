-- rename-column: ALTER TABLE .. RENAME [COLUMN] on an existing table.
SET lock_timeout = '2s';
ALTER TABLE accounts RENAME COLUMN name TO full_name;
ALTER TABLE accounts RENAME email TO email_address;
ALTER TABLE ONLY orders RENAME COLUMN note TO remark_text;
ALTER TABLE IF EXISTS billing.invoices RENAME COLUMN memo TO notes;
ALTER TABLE "orders" RENAME COLUMN "remark" TO "comment";
