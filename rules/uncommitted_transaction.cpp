// uncommitted-transaction: BEGIN never closed by the end of the file.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  if (!ctx.analysis->open_at_end) return;
  sink.report(ctx.analysis->open_begin,
              "this transaction is never committed: at the end of the file it is still open, and "
              "most clients roll it back when the session ends");
}

}  // namespace

extern const Rule uncommitted_transaction{
    {"uncommitted-transaction", Severity::Error, true, "Transaction still open at the end of the file",
     "Add COMMIT; at the end of the transaction.",
     R"(## What it does
Reports a `BEGIN` / `START TRANSACTION` that is not closed by `COMMIT`, `END` or
`ROLLBACK` before the end of the migration file.

## Why is this bad?
When the session ends the open transaction is rolled back, so the migration silently
does nothing; or, if the tool keeps the session, its locks stay held and everything
after it runs inside the unfinished transaction.

## Safe alternative
Close every transaction you open in the same file.

## Example
```sql
-- bad
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
```
```sql
-- good
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
