// missing-statement-timeout: long-running statements with no statement_timeout.
#include <string>

#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// Is this statement long-running on an existing table: does it read or rewrite all of it?
const Effect* heavy(const StmtInfo& info) {
  for (const Effect& e : info.effects) {
    if (e.existing && (e.scan || e.rewrite)) return &e;
  }
  return nullptr;
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  const StmtInfo* first = nullptr;
  const Effect* first_effect = nullptr;
  size_t count = 0;
  for (const StmtInfo& info : ctx.stmts) {
    if (info.statement_timeout) continue;
    const Effect* e = heavy(info);
    if (e == nullptr) continue;
    if (first == nullptr) {
      first = &info;
      first_effect = e;
    }
    ++count;
  }
  if (first == nullptr) return;
  sink.report(
      first->stmt->span,
      fmt::format("this statement can run for a long time on {} and no statement_timeout is set{}",
                  ticked(first_effect->relation),
                  count > 1 ? fmt::format(" ({} more such statement{} in this file)", count - 1, count > 2 ? "s" : "")
                            : std::string()));
}

}  // namespace

extern const Rule missing_statement_timeout{
    {"missing-statement-timeout", Severity::Warning, false, "Long-running statements without a statement_timeout",
     "Set statement_timeout at the top of the migration (SET statement_timeout = '5min';).",
     R"(## What it does
Reports, once per file, the first statement that reads or rewrites a whole existing
table (a validating `ADD CONSTRAINT`, `CREATE INDEX`, a rewriting type change, an
unfiltered `UPDATE`, ...) while no `statement_timeout` is in effect (`SET statement_timeout`, `SET LOCAL` within its transaction, or
`set_config('statement_timeout', ..)`, with a non-zero value). The message counts the
other such statements.

## Why is this bad?
A statement that scans or rewrites a table larger than expected runs for as long as
that takes, usually holding a lock that blocks writes or reads the whole time. Without a timeout nothing stops it.

## Safe alternative
Set a `statement_timeout` suited to the migration at its top, so that a runaway
statement is cancelled (and its locks released) instead of blocking the application.

## Example
```sql
-- bad
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
```
```sql
-- good
SET statement_timeout = '5min';
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
