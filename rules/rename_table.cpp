// rename-table: ALTER TABLE .. RENAME TO on an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::RenameTable, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    sink.report(a.span, fmt::format("renaming table {} to {} breaks every deployed query that uses the old name",
                                    ticked(a.table), ticked(a.name)));
  });
}

}  // namespace

extern const Rule rename_table{
    {"rename-table", Severity::Error, true, "Renaming a table breaks code that uses the old name",
     "Create the new table (or rename and leave an updatable view under the old name) and move code over before "
     "removing the old name.",
     R"(## What it does
Reports `ALTER TABLE ... RENAME TO` on a table that existed before this migration file.

## Why is this bad?
Every query of the application version that is still deployed names the table by its
old name and fails as soon as the rename commits.

## Safe alternative
Rename the table and, in the same transaction, create a simple view under the old name
(simple views are updatable), deploy code that uses the new name, then drop the view.
Or create a new table and migrate data with dual writes.

## Example
```sql
-- bad
ALTER TABLE users RENAME TO accounts;
```
```sql
-- good
BEGIN;
-- pgsafe-ignore rename-table: the view below keeps the old name working
ALTER TABLE users RENAME TO accounts;
CREATE VIEW users AS SELECT * FROM accounts;
COMMIT;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
