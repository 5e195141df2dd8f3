// not-null-without-backfill: NOT NULL on a column that has nulls.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// Was `col` of the table added nullable without a default and never backfilled?
bool unfilled(const Action& a, std::string_view col) {
  const Column* c = a.before ? a.before->column(col) : nullptr;
  return c != nullptr && c->origin == ColumnOrigin::AddedNullable && !c->backfilled && !c->has_default;
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for (const Action& a : info.actions) {
      if (!a.existing) continue;
      if (a.kind == ActionKind::AddColumn && a.not_null && !a.has_default) {
        sink.report(a.span, fmt::format("adding NOT NULL column {} without a default fails on any {} that has rows",
                                        ticked(a.name), ticked(a.table)));
      } else if (a.kind == ActionKind::SetNotNull && unfilled(a, a.name)) {
        sink.report(a.span, fmt::format("column {} of {} was added nullable without a default and never backfilled: "
                                        "SET NOT NULL fails if any row is null",
                                        ticked(a.name), ticked(a.table)));
      } else if (a.kind == ActionKind::AddConstraint && !a.not_valid && !a.detail().not_null_column.empty() &&
                 unfilled(a, a.detail().not_null_column)) {
        sink.report(a.span,
                    fmt::format("column {} of {} was added nullable without a default and never backfilled: "
                                "CHECK ({} IS NOT NULL) fails if any row is null",
                                ticked(a.detail().not_null_column), ticked(a.table), a.detail().not_null_column));
      }
    }
  }
}

}  // namespace

extern const Rule not_null_without_backfill{
    {"not-null-without-backfill", Severity::Error, true, "Enforcing NOT NULL on a column that still has nulls",
     "Add the column nullable, backfill it in batches, then enforce NOT NULL (via a NOT VALID check).",
     R"(## What it does
Reports `ADD COLUMN ... NOT NULL` without a `DEFAULT` on an existing table, and
`SET NOT NULL` or a validated `CHECK (c IS NOT NULL)` on a column that pgsafe saw being
added nullable without a default (in this or an earlier migration file) and never
backfilled by an `UPDATE ... SET c = ...`.

## Why is this bad?
Existing rows have no value for the column, so the statement fails on any table with
rows, after it has already queued for an ACCESS EXCLUSIVE lock. Tests on an empty
database pass; production fails.

## Safe alternative
Add the column nullable, backfill it in batches, then add
`CHECK (c IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT`, and `SET NOT NULL`.

## Example
```sql
-- bad
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;
```
```sql
-- good
ALTER TABLE users ADD COLUMN tenant_id bigint;
UPDATE users SET tenant_id = 1 WHERE tenant_id IS NULL;  -- in batches
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
