// unbatched-backfill: UPDATE or DELETE without WHERE on an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for (const Action& a : info.actions) {
      if ((a.kind != ActionKind::Update && a.kind != ActionKind::Delete) || a.has_where || !a.existing) continue;
      sink.report(a.span, fmt::format("{} without WHERE touches every row of {} in one transaction, holding row locks "
                                      "on all of them until it commits",
                                      a.kind == ActionKind::Update ? "UPDATE" : "DELETE", ticked(a.table)));
    }
  }
}

}  // namespace

extern const Rule unbatched_backfill{
    {"unbatched-backfill", Severity::Warning, true, "UPDATE or DELETE of every row in one statement",
     "Backfill in batches (WHERE id BETWEEN .. AND ..), each in its own transaction, outside the deploy transaction.",
     R"(## What it does
Reports `UPDATE` and `DELETE` without a `WHERE` clause on a table that existed before
this migration file.

## Why is this bad?
One statement that changes every row locks all of them until it commits, so
concurrent writes to any row wait; on a large table it runs for a long time, bloats
the table with dead row versions, and produces a burst of WAL that replicas must
replay. Inside the deploy transaction it also keeps every earlier lock held.

## Safe alternative
Change rows in batches of a few thousand, each batch in its own transaction,
ideally from a separate backfill job rather than the schema migration.

## Example
```sql
-- bad
UPDATE orders SET status = 'new';
```
```sql
-- good (repeat for each range)
UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000 AND status IS NULL;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
