// create-index-non-concurrent: CREATE INDEX without CONCURRENTLY.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::CreateIndex, [&](const StmtInfo& info, const Action& a) {
    if (a.concurrent || !a.existing) return;
    Diagnostic& d = sink.report(
        a.span, fmt::format("creating an index on {} without CONCURRENTLY holds a SHARE lock that blocks writes "
                            "until the index is built",
                            ticked(a.table)));
    // CONCURRENTLY cannot run in a transaction block: only offer the fix outside one.
    if (!info.in_transaction) {
      d.fix = Fix{"Use CREATE INDEX CONCURRENTLY", {Edit{Span{a.span.end, a.span.end}, " CONCURRENTLY"}}};
    }
  });
}

}  // namespace

extern const Rule create_index_non_concurrent{
    {"create-index-non-concurrent", Severity::Error, true, "Creating an index without CONCURRENTLY blocks writes",
     "Use CREATE INDEX CONCURRENTLY, in a migration that does not run in a transaction.",
     R"(## What it does
Reports `CREATE [UNIQUE] INDEX` without `CONCURRENTLY` on a table that existed before
this migration file.

## Why is this bad?
A plain `CREATE INDEX` takes a SHARE lock on the table and reads all of it: every
`INSERT`, `UPDATE` and `DELETE` waits until the index is built, which on a large table
takes minutes.

## Safe alternative
`CREATE INDEX CONCURRENTLY` takes a SHARE UPDATE EXCLUSIVE lock that lets reads and
writes continue. It cannot run inside a transaction block, so put it in its own
migration with the migration tool's transaction disabled. If it fails it leaves an
invalid index behind: drop it and retry.

## Example
```sql
-- bad
CREATE INDEX orders_customer_idx ON orders (customer_id);
```
```sql
-- good
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
```
)",
     FixAvailability::Sometimes},
    check};

}  // namespace pgsafe::rules
