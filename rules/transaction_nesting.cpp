// transaction-nesting: BEGIN inside a transaction, COMMIT/ROLLBACK outside one.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    if (info.tx_control == TxControl::Begin && info.in_transaction) {
      sink.report(info.stmt->span,
                  ctx.options.assume_in_transaction
                      ? std::string("BEGIN inside the transaction the migration tool already runs this file in: "
                                    "PostgreSQL ignores it with a warning, and the file's COMMIT ends the tool's "
                                    "transaction early")
                      : std::string("BEGIN inside a transaction that is already open: PostgreSQL ignores it with a "
                                    "warning, and the first COMMIT ends the outer transaction"));
    } else if ((info.tx_control == TxControl::Commit || info.tx_control == TxControl::Rollback) &&
               !info.in_transaction) {
      sink.report(info.stmt->span, fmt::format("{} with no transaction open: it does nothing, and the statements "
                                               "before it were not run as one transaction",
                                               info.tx_control == TxControl::Commit ? "COMMIT" : "ROLLBACK"));
    }
  }
}

}  // namespace

extern const Rule transaction_nesting{
    {"transaction-nesting", Severity::Warning, true, "BEGIN inside a transaction, or COMMIT outside one",
     "Remove the inner BEGIN/COMMIT: let the migration tool manage the transaction, or manage it yourself, not both.",
     R"(## What it does
Reports `BEGIN` / `START TRANSACTION` while a transaction is already open (including
everywhere under `--assume-in-transaction`, where the migration tool runs the file in
its own transaction), and `COMMIT` / `END` / `ROLLBACK` when no transaction is open.

## Why is this bad?
PostgreSQL has no nested transactions: an inner `BEGIN` only produces a warning, and
the next `COMMIT` ends the outer transaction, so the statements after it run outside
the transaction the author (or the migration tool) expected. A stray `COMMIT` means
the file's transaction boundaries are not what they look like.

## Safe alternative
Let the migration tool manage the transaction and remove `BEGIN`/`COMMIT` from the
file, or disable the tool's transaction and manage it in the file.

## Example
```sql
-- bad (the tool already wraps the file in a transaction)
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
```
```sql
-- good
ALTER TABLE orders ADD COLUMN note text;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
