// detach-partition-non-concurrent: DETACH PARTITION without CONCURRENTLY
// (PostgreSQL 14+ has it).
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  if (ctx.options.pg_version < 14) return;  // no DETACH PARTITION CONCURRENTLY before 14
  for_each_action(ctx.stmts, ActionKind::DetachPartition, [&](const StmtInfo&, const Action& a) {
    if (a.concurrent || !a.existing) return;
    sink.report(a.span,
                fmt::format("detaching partition {} from {} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock "
                            "on the partitioned table, blocking every query on it",
                            ticked(a.name), ticked(a.table)));
  });
}

}  // namespace

extern const Rule detach_partition_non_concurrent{
    {"detach-partition-non-concurrent", Severity::Warning, true,
     "DETACH PARTITION without CONCURRENTLY blocks the partitioned table",
     "Use ALTER TABLE .. DETACH PARTITION .. CONCURRENTLY (PostgreSQL 14+), outside a transaction.",
     R"(## What it does
Reports `ALTER TABLE ... DETACH PARTITION` without `CONCURRENTLY` when `--pg-version`
is 14 or later (older versions have no concurrent form).

## Why is this bad?
A plain detach takes an ACCESS EXCLUSIVE lock on the partitioned table and on the
partition: every read and write of any partition waits while it queues and runs.

## Safe alternative
`DETACH PARTITION ... CONCURRENTLY` takes only a SHARE UPDATE EXCLUSIVE lock on the
partitioned table and waits for running queries to finish instead of blocking them. It
cannot run in a transaction block, and cannot be used when the table has a default
partition. If it is interrupted, finish it with `DETACH PARTITION ... FINALIZE`.

## Example
```sql
-- bad
ALTER TABLE events DETACH PARTITION events_2023;
```
```sql
-- good
ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
