#!/usr/bin/env python3
"""Deterministic synthetic PostgreSQL migration generator for bench/run.sh.

Writes a mix of migration statements -- CREATE TABLE, ALTER TABLE
ADD/DROP/RENAME COLUMN, CREATE INDEX (with and without CONCURRENTLY),
UPDATE/INSERT/DELETE, SET lock_timeout / statement_timeout, BEGIN/COMMIT
and SQL comments -- until the output reaches a target size.

    python3 bench/gen_migration.py                  # ~3 MB, ~39,000 statements, stdout
    python3 bench/gen_migration.py --mb 16 -o big.sql
    python3 bench/gen_migration.py --statements 1 -o one.sql

The output depends only on the arguments (and --seed): the same arguments give
byte-identical files on every machine and Python 3 version (it uses its own
linear congruential generator, not the `random` module).
Every statement is valid PostgreSQL 15 syntax, parseable by libpg_query.
"""

import argparse
import sys

MB = 1_000_000
EXISTING_TABLES = 500  # pool of pre-existing table names the migrations touch


class Lcg:
    """64-bit LCG (Knuth MMIX constants); stable across Python versions."""

    def __init__(self, seed):
        self.state = (seed * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return self.state >> 33

    def below(self, n):
        return self.next() % n

    def pick(self, seq):
        return seq[self.below(len(seq))]


TYPES = ["integer", "bigint", "text", "boolean", "timestamptz", "numeric(12,2)",
         "varchar(64)", "jsonb", "uuid", "date"]
DEFAULTS = {"integer": "0", "bigint": "0", "text": "''", "boolean": "false",
            "timestamptz": "now()", "numeric(12,2)": "0", "varchar(64)": "''",
            "jsonb": "'{}'::jsonb", "uuid": "gen_random_uuid()", "date": "current_date"}
WORDS = ["customer_account", "purchase_order", "billing_invoice", "app_user",
         "domain_event", "card_payment", "login_session", "catalog_item",
         "product_variant", "content_tag", "user_comment", "audit_log",
         "usage_report", "warehouse_shipment"]
COLS = ["status_code", "total_amount", "created_at", "updated_at", "display_name",
        "contact_email", "internal_note", "risk_score", "is_flagged", "external_ref_id",
        "record_kind", "event_payload"]


class Generator:
    def __init__(self, seed):
        self.r = Lcg(seed)
        self.n_tables = 0
        self.n_indexes = 0
        self.n_cols = 0
        self.statements = 0

    def table(self):
        # Mostly tables that already exist in the database (not created in
        # this file), so linters cannot waive their checks as "new table";
        # sometimes one created earlier in the file.
        if self.n_tables == 0 or self.r.below(4) != 0:
            i = self.r.below(EXISTING_TABLES)
            return "public.%s_live_%d" % (WORDS[i % len(WORDS)], i)
        i = self.r.below(self.n_tables)
        return "app.%s_%d" % (WORDS[i % len(WORDS)], i)

    def col(self):
        return "%s_%d" % (self.r.pick(COLS), self.r.below(50))

    def create_table(self):
        i = self.n_tables
        self.n_tables += 1
        name = "app.%s_%d" % (WORDS[i % len(WORDS)], i)
        cols = ["id bigserial PRIMARY KEY"]
        for _ in range(1 + self.r.below(3)):
            t = self.r.pick(TYPES)
            c = self.col()
            extra = " NOT NULL DEFAULT %s" % DEFAULTS[t] if self.r.below(3) == 0 else ""
            cols.append("%s %s%s" % (c, t, extra))
        return "CREATE TABLE %s (%s);" % (name, ", ".join(cols))

    def add_column(self):
        t = self.r.pick(TYPES)
        self.n_cols += 1
        v = self.r.below(4)
        if v == 0:
            return "ALTER TABLE %s ADD COLUMN added_column_%d %s NOT NULL DEFAULT %s;" % (
                self.table(), self.n_cols, t, DEFAULTS[t])
        if v == 1:
            return "ALTER TABLE %s ADD COLUMN IF NOT EXISTS added_column_%d %s;" % (self.table(), self.n_cols, t)
        return "ALTER TABLE %s ADD COLUMN added_column_%d %s;" % (self.table(), self.n_cols, t)

    def drop_column(self):
        return "ALTER TABLE %s DROP COLUMN IF EXISTS %s;" % (self.table(), self.col())

    def rename_column(self):
        return "ALTER TABLE IF EXISTS %s RENAME COLUMN %s TO %s;" % (self.table(), self.col(), self.col())

    def alter_type(self):
        return "ALTER TABLE %s ALTER COLUMN %s TYPE %s;" % (self.table(), self.col(), self.r.pick(TYPES))

    def set_not_null(self):
        return "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (self.table(), self.col())

    def create_index(self):
        self.n_indexes += 1
        conc = "CONCURRENTLY " if self.r.below(2) else ""
        uniq = "UNIQUE " if self.r.below(5) == 0 else ""
        return "CREATE %sINDEX %sapp_idx_%d ON %s (%s);" % (uniq, conc, self.n_indexes, self.table(), self.col())

    def update(self):
        return "UPDATE %s SET %s = %d, %s = now() WHERE id = %d;" % (
            self.table(), self.col(), self.r.below(1000), self.col(), self.r.below(100000))

    def insert(self):
        return "INSERT INTO %s (%s, %s) VALUES (%d, 'x'), (%d, 'y');" % (
            self.table(), self.col(), self.col(), self.r.below(1000), self.r.below(1000))

    def delete(self):
        return "DELETE FROM %s WHERE %s < %d AND %s IS NULL;" % (
            self.table(), self.col(), self.r.below(1000), self.col())

    def lock_timeout(self):
        return "SET lock_timeout = '%ds';" % (1 + self.r.below(9))

    def statement_timeout(self):
        return "SET statement_timeout = '%ds';" % (10 + self.r.below(50))

    def comment(self):
        return "-- migration step %d: %s %s" % (self.statements, self.r.pick(WORDS), self.r.pick(COLS))

    KINDS = [  # (weight, method) -- weights tuned for ~75 bytes per statement
        (8, "create_table"), (14, "add_column"), (5, "drop_column"), (5, "rename_column"),
        (3, "alter_type"), (3, "set_not_null"), (12, "create_index"), (16, "update"),
        (14, "insert"), (8, "delete"), (4, "lock_timeout"), (1, "statement_timeout"),
    ]

    def statement(self):
        total = sum(w for w, _ in self.KINDS)
        x = self.r.below(total)
        for w, m in self.KINDS:
            if x < w:
                return getattr(self, m)()
            x -= w
        raise AssertionError

    def block(self):
        """One migration: optional comment, BEGIN, a few statements, COMMIT."""
        lines = []
        if self.r.below(3) == 0:
            lines.append(self.comment())
        wrap = self.r.below(4) != 0
        if wrap:
            lines.append("BEGIN;")
            self.statements += 1
        for _ in range(2 + self.r.below(8)):
            lines.append(self.statement())
            self.statements += 1
        if wrap:
            lines.append("COMMIT;")
            self.statements += 1
        return "\n".join(lines) + "\n\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--mb", type=float, default=3.0,
                   help="target size in MB (10^6 bytes); default 3 (~39,000 statements)")
    g.add_argument("--statements", type=int, help="emit exactly this many statements instead")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--output", help="output file (default stdout)")
    a = ap.parse_args()

    gen = Generator(a.seed)
    out = []
    size = 0
    if a.statements is not None:
        if a.statements == 1:
            out.append("ALTER TABLE accounts ADD COLUMN note text;\n")
        else:
            # make tables exist first, then plain statements, one per line
            out.append(gen.create_table() + "\n")
            for _ in range(a.statements - 1):
                out.append(gen.statement() + "\n")
    else:
        target = int(a.mb * MB)
        header = "-- synthetic pgsafe benchmark migration (gen_migration.py --mb %g --seed %d)\n" % (a.mb, a.seed)
        out.append(header)
        size = len(header)
        while size < target:
            b = gen.block()
            out.append(b)
            size += len(b)
    data = "".join(out)
    if a.output:
        with open(a.output, "w", encoding="ascii", newline="\n") as f:
            f.write(data)
    else:
        sys.stdout.write(data)
    if a.statements is None:
        print("gen_migration: %d bytes, %d statements" % (len(data), gen.statements), file=sys.stderr)


if __name__ == "__main__":
    main()
