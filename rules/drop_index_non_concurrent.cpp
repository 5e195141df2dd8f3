// drop-index-non-concurrent: DROP INDEX without CONCURRENTLY.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::DropIndex, [&](const StmtInfo& info, const Action& a) {
    if (a.concurrent || !a.existing) return;
    std::string on = a.table.empty() ? std::string("its table") : ticked(a.table);
    Diagnostic& d = sink.report(
        a.span,
        fmt::format("dropping index {} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on {}, blocking reads "
                    "and writes",
                    ticked(a.name), on));
    // CONCURRENTLY: not in a transaction block, one index, no CASCADE, not a
    // partitioned table's index; and only where the DROP INDEX keywords were found.
    bool partitioned = a.before && a.before->kind == 'p';
    if (!info.in_transaction && ctx.node(a)["objects"].size() == 1 && !a.cascade &&
        ctx.node(a)["behavior"].str() != "DROP_CASCADE" && !partitioned && !(a.span == info.stmt->span)) {
      d.fix = Fix{"Use DROP INDEX CONCURRENTLY", {Edit{Span{a.span.end, a.span.end}, " CONCURRENTLY"}}};
    }
  });
}

}  // namespace

extern const Rule drop_index_non_concurrent{
    {"drop-index-non-concurrent", Severity::Warning, true, "Dropping an index without CONCURRENTLY blocks the table",
     "Use DROP INDEX CONCURRENTLY, in a migration that does not run in a transaction.",
     R"(## What it does
Reports `DROP INDEX` without `CONCURRENTLY` of an index that was not created earlier
in the same migration file.

## Why is this bad?
A plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table. The drop
itself is quick, but while it waits for running queries to finish every new query on
the table queues behind it.

## Safe alternative
`DROP INDEX CONCURRENTLY` waits for conflicting transactions without blocking new
reads and writes. It cannot run inside a transaction block and drops one index per
statement, so put it in its own migration with the tool's transaction disabled.

## Example
```sql
-- bad
DROP INDEX orders_customer_idx;
```
```sql
-- good
DROP INDEX CONCURRENTLY orders_customer_idx;
```
)",
     FixAvailability::Sometimes},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
