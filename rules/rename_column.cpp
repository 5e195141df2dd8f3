// rename-column: ALTER TABLE .. RENAME COLUMN on an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::RenameColumn, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    sink.report(a.span, fmt::format("renaming column {} of {} to {} breaks every deployed query that uses the old name",
                                    ticked(a.name), ticked(a.table), ticked(a.columns.empty() ? "" : a.columns[0])));
  });
}

}  // namespace

extern const Rule rename_column{
    {"rename-column", Severity::Error, true, "Renaming a column breaks code that uses the old name",
     "Add the new column, write to both, backfill, switch reads to the new column, then drop the old one.",
     R"(## What it does
Reports `ALTER TABLE ... RENAME COLUMN` on a table that existed before this migration file.

## Why is this bad?
The rename is instant, but the application version that is still deployed keeps using
the old name and fails the moment the migration commits. There is no moment at which
both the old and the new code work.

## Safe alternative
Expand/contract: add the new column, make the application write both, backfill the new
column in batches, switch reads to it, and drop the old column in a later migration.

## Example
```sql
-- bad
ALTER TABLE users RENAME COLUMN name TO full_name;
```
```sql
-- good: step one of several
ALTER TABLE users ADD COLUMN full_name text;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
