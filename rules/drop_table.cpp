// drop-table: DROP TABLE of an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::DropTable, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    sink.report(a.span, fmt::format("dropping {} deletes its data and breaks every deployed query that still uses it{}",
                                    ticked(a.table),
                                    a.cascade ? " (CASCADE also drops dependent views and foreign keys)" : ""));
  });
}

}  // namespace

extern const Rule drop_table{
    {"drop-table", Severity::Warning, true, "Dropping a table loses its data and breaks code that uses it",
     "Drop a table only after no deployed code references it, and back its data up first.",
     R"(## What it does
Reports `DROP TABLE` of a table that existed before this migration file.

## Why is this bad?
The data is gone for good once the transaction commits, and during a rolling deploy
the old version of the application still queries the table: those queries fail. The
statement also takes an ACCESS EXCLUSIVE lock on the table (and on tables whose
foreign keys point at it).

## Safe alternative
First deploy code that no longer reads or writes the table, then drop it in a later
migration. Keep a backup (or rename the table and drop it later) in case something
still needed it.

## Example
```sql
-- bad (in the same release that stops using it)
DROP TABLE legacy_orders;
```
```sql
-- good: a later migration, after the code that used it is gone
DROP TABLE legacy_orders;  -- pgsafe-ignore drop-table: unused since release 42, backed up
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
