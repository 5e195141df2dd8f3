// truncate-table: TRUNCATE of an existing table (an error with CASCADE).
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::Truncate, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    if (a.cascade) {
      Diagnostic& d = sink.report(
          a.span, fmt::format("TRUNCATE {} CASCADE deletes every row of {} and of every table that references it, "
                              "under ACCESS EXCLUSIVE locks",
                              a.table, ticked(a.table)));
      d.severity = Severity::Error;
    } else {
      sink.report(a.span,
                  fmt::format("TRUNCATE deletes every row of {} under an ACCESS EXCLUSIVE lock", ticked(a.table)));
    }
  });
}

}  // namespace

extern const Rule truncate_table{
    {"truncate-table", Severity::Warning, true, "TRUNCATE deletes all rows of an existing table",
     "Delete in batches (DELETE .. WHERE id IN (SELECT .. LIMIT n)), or confirm the data is disposable and suppress "
     "this finding.",
     R"(## What it does
Reports `TRUNCATE` of a table that existed before this migration file. With `CASCADE`
the finding is an error: every table with a foreign key to it is emptied too.

## Why is this bad?
`TRUNCATE` removes all data irrecoverably (no rows to restore once the transaction
commits) and takes an ACCESS EXCLUSIVE lock, blocking every read and write of the
table. `CASCADE` silently extends the loss to referencing tables you may not have
meant to touch.

## Safe alternative
If the rows matter, delete them in small batches outside the deploy transaction. If
the data really is disposable (a cache, a staging table), say so with a
`-- pgsafe-ignore truncate-table: reason` comment. Never rely on `CASCADE`: name
every table you mean to empty.

## Example
```sql
-- bad
TRUNCATE orders CASCADE;
```
```sql
-- good
DELETE FROM order_events WHERE id IN (SELECT id FROM order_events LIMIT 10000);
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
