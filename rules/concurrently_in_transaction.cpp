// concurrently-in-transaction: statements PostgreSQL refuses to run in a
// transaction block.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// What the action is, if PostgreSQL refuses to run it in a transaction block.
std::string refused(const RuleContext& ctx, const Action& a) {
  switch (a.kind) {
    case ActionKind::CreateIndex:
      return a.concurrent ? "CREATE INDEX CONCURRENTLY" : "";
    case ActionKind::DropIndex:
      return a.concurrent ? "DROP INDEX CONCURRENTLY" : "";
    case ActionKind::Reindex:
      return a.concurrent ? "REINDEX CONCURRENTLY" : "";
    case ActionKind::DetachPartition:
      // DETACH PARTITION .. FINALIZE may run in a transaction; only the CONCURRENTLY form may not.
      return a.concurrent && ctx.node(a)["subtype"].str() == "AT_DetachPartition" ? "DETACH PARTITION CONCURRENTLY"
                                                                                  : "";
    case ActionKind::Vacuum:
      return "VACUUM";
    case ActionKind::AddEnumValue:
      return ctx.options.pg_version < 12 ? "ALTER TYPE .. ADD VALUE (before PostgreSQL 12)" : "";
    default:
      return "";
  }
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    if (!info.in_transaction) continue;
    for (const Action& a : info.actions) {
      std::string what = refused(ctx, a);
      if (what.empty()) continue;
      sink.report(a.span, fmt::format("{} cannot run inside a transaction block: PostgreSQL rejects it and the "
                                      "migration fails",
                                      what));
    }
  }
}

}  // namespace

extern const Rule concurrently_in_transaction{
    {"concurrently-in-transaction", Severity::Error, true, "Statement that cannot run inside a transaction block",
     "Run it in its own migration with the migration tool's transaction disabled.",
     R"(## What it does
Reports, inside a transaction block (between `BEGIN` and `COMMIT`, or anywhere when
`--assume-in-transaction` is set), the statements PostgreSQL refuses to run there:
`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY`,
`ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY`, `VACUUM`, and, when `--pg-version`
is below 12, `ALTER TYPE ... ADD VALUE`.

## Why is this bad?
PostgreSQL fails the statement with "cannot run inside a transaction block", so the
migration fails at deploy time.

## Safe alternative
Put the statement in its own migration and disable the migration tool's transaction
for it (for example Flyway's `executeInTransaction=false`, Django's
`atomic = False`, Alembic's `autocommit_block()`).

## Example
```sql
-- bad
BEGIN;
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
COMMIT;
```
```sql
-- good
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
```
)",
     FixAvailability::None},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
