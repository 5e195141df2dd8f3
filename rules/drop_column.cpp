// drop-column: ALTER TABLE .. DROP COLUMN on an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::DropColumn, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    sink.report(a.span,
                fmt::format("dropping column {} of {} breaks every deployed query that still reads or writes it",
                            ticked(a.name), ticked(a.table)));
  });
}

}  // namespace

extern const Rule drop_column{
    {"drop-column", Severity::Error, true, "Dropping a column breaks code that still uses it",
     "Expand/contract: first deploy code that no longer reads or writes the column, then drop it in a later migration.",
     R"(## What it does
Reports `ALTER TABLE ... DROP COLUMN` on a table that existed before this migration file.

## Why is this bad?
During a rolling deploy the old version of the application keeps running against the
database while the migration runs. Any query of the old version that names the column
(`SELECT`, `INSERT`, an ORM that lists every column) fails as soon as the column is gone.
The statement also takes an ACCESS EXCLUSIVE lock on the table.

## Safe alternative
Use expand/contract: stop reading and writing the column (for ORMs, mark it ignored),
deploy that code everywhere, and drop the column in a later migration.

## Example
```sql
-- bad: the running application still selects `legacy_flag`
ALTER TABLE accounts DROP COLUMN legacy_flag;
```
```sql
-- good: a later migration, after a release that no longer uses the column
SET lock_timeout = '2s';
-- pgsafe-ignore drop-column: no deployed code has used it since release 42
ALTER TABLE accounts DROP COLUMN legacy_flag;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
