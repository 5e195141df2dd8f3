-- An earlier migration: these tables exist (and have rows) when bad.sql runs.
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  name text,
  email text,
  nickname text,
  legacy_flag boolean,
  old_email text,
  created_at timestamptz NOT NULL
);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  account_id bigint NOT NULL,
  code text NOT NULL,
  note text,
  remark text,
  price numeric(10, 2)
);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint NOT NULL, memo text, total numeric);
CREATE SEQUENCE order_seq;
CREATE UNIQUE INDEX orders_code_idx ON orders (code);
CREATE UNIQUE INDEX invoices_id_idx ON billing.invoices (id);
CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);
