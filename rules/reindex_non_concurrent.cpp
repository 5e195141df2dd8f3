// reindex-non-concurrent: REINDEX without CONCURRENTLY (PostgreSQL 12+ has it).
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  if (ctx.options.pg_version < 12) return;  // no REINDEX CONCURRENTLY before 12
  for_each_action(ctx.file, ActionKind::Reindex, [&](const StmtInfo&, const Action& a) {
    if (a.concurrent || !a.existing) return;
    std::string on = a.table.empty() ? std::string("the tables it covers") : ticked(a.table);
    sink.report(a.span, fmt::format("REINDEX {} without CONCURRENTLY blocks writes to {} (and reads that use the index) "
                                    "until the rebuild finishes",
                                    a.name, on));
  });
}

}  // namespace

extern const Rule reindex_non_concurrent{
    {"reindex-non-concurrent", Severity::Warning, true, "REINDEX without CONCURRENTLY blocks writes",
     "Use REINDEX .. CONCURRENTLY (PostgreSQL 12+), outside a transaction.",
     R"(## What it does
Reports `REINDEX` without `CONCURRENTLY` when `--pg-version` is 12 or later (older
versions have no concurrent form).

## Why is this bad?
`REINDEX` takes a SHARE lock on the table, blocking every `INSERT`, `UPDATE` and
`DELETE`, and an ACCESS EXCLUSIVE lock on the index being rebuilt, so queries that
would use it wait too, for as long as the rebuild takes.

## Safe alternative
`REINDEX ... CONCURRENTLY` builds a new copy of the index next to the old one and
swaps them, taking only a SHARE UPDATE EXCLUSIVE lock. It cannot run inside a
transaction block.

## Example
```sql
-- bad
REINDEX INDEX orders_customer_idx;
```
```sql
-- good
REINDEX INDEX CONCURRENTLY orders_customer_idx;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
