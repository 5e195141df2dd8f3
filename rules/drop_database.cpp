// drop-database: DROP DATABASE and DROP SCHEMA .. CASCADE.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for (const Action& a : info.actions) {
      if (a.kind == ActionKind::DropDatabase) {
        sink.report(a.span, fmt::format("DROP DATABASE {} destroys the whole database", ticked(a.name)));
      } else if (a.kind == ActionKind::DropSchema && a.cascade) {
        sink.report(a.span, fmt::format("DROP SCHEMA {} CASCADE drops every table, view and function in it, with their "
                                        "data",
                                        ticked(a.name)));
      }
    }
  }
}

}  // namespace

extern const Rule drop_database{
    {"drop-database", Severity::Error, true, "Dropping a database or a whole schema in a migration",
     "Never drop a database or cascade-drop a schema from a migration; drop the objects you mean explicitly.",
     R"(## What it does
Reports `DROP DATABASE` and `DROP SCHEMA ... CASCADE`.

## Why is this bad?
Both destroy everything they contain, irrecoverably. A migration that does this by
mistake (a copied cleanup script, the wrong environment) takes the application down
with all its data.

## Safe alternative
Do not do this in a migration. Drop the individual objects you mean to remove, and
drop a schema without `CASCADE` so PostgreSQL refuses while anything is left in it.

## Example
```sql
-- bad
DROP SCHEMA reporting CASCADE;
```
```sql
-- good
DROP VIEW reporting.daily_totals;
DROP SCHEMA reporting;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
