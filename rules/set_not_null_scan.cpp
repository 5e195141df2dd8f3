// set-not-null-scan: SET NOT NULL scans the table under ACCESS EXCLUSIVE.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for (const Action& a : info.actions) {
      if (!a.existing) continue;
      if (a.kind == ActionKind::SetNotNull) {
        const Column* c = a.before ? a.before->column(a.name) : nullptr;
        if (c != nullptr && c->not_null) continue;  // already NOT NULL: nothing to check
        if (ctx.options.pg_version >= 12 && a.before && a.before->has_validated_not_null_check(a.name)) continue;
        sink.report(a.span,
                    fmt::format("SET NOT NULL on {}.{} scans the whole table while holding an ACCESS EXCLUSIVE lock",
                                a.table, a.name));
      } else if (a.kind == ActionKind::AddConstraint && a.detail().constraint_type == "PRIMARY KEY" && a.using_index) {
        for (std::string_view col : a.columns) {
          const Column* c = a.before ? a.before->column(col) : nullptr;
          if (c != nullptr && c->not_null) continue;
          sink.report(a.span,
                      fmt::format("ADD PRIMARY KEY USING INDEX makes {}.{} NOT NULL, which scans the whole table "
                                  "while holding an ACCESS EXCLUSIVE lock",
                                  a.table, col));
          break;
        }
      }
    }
  }
}

}  // namespace

extern const Rule set_not_null_scan{
    {"set-not-null-scan", Severity::Error, true, "SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock",
     "Add CHECK (c IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a separate transaction, then SET NOT NULL "
     "(PostgreSQL 12+ skips the scan) and drop the check.",
     R"(## What it does
Reports `ALTER COLUMN ... SET NOT NULL` on an existing table, unless a validated
`CHECK (c IS NOT NULL)` on that column is known and `--pg-version` is 12 or later, and
`ADD PRIMARY KEY ... USING INDEX` over columns not known to be NOT NULL.

## Why is this bad?
PostgreSQL verifies that no row is null by reading the whole table while it holds an
ACCESS EXCLUSIVE lock: every read and write of the table waits for the scan.

## Safe alternative
Since PostgreSQL 12, `SET NOT NULL` skips the scan when a validated check constraint
already proves the column is not null. `VALIDATE CONSTRAINT` only takes a SHARE UPDATE
EXCLUSIVE lock, which does not block reads or writes.

## Example
```sql
-- bad
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
```
```sql
-- good
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
