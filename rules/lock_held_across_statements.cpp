// lock-held-across-statements: in a transaction, statements that run while an
// earlier statement's ACCESS EXCLUSIVE lock on an existing table is held.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// Statements that do not extend the time the lock is held in any way that matters.
bool exempt(const StmtInfo& info) {
  if (info.tx_control != TxControl::None) return true;                        // BEGIN/COMMIT/ROLLBACK/SAVEPOINT
  if (info.kind == "VariableSetStmt" || info.sets_lock_timeout) return true;  // SET / RESET
  // Only tables created earlier in this file (so in this transaction or before it) are
  // touched, or none at all (CREATE TABLE of a new table, CREATE TYPE, ...).
  for (const Effect& e : info.effects) {
    if (e.existing) return false;
  }
  return true;
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  const StmtInfo* holder = nullptr;  // first statement of the current transaction to take the lock
  // What is reported for every later statement: the same for all of them,
  // so it is formatted once and its reports share it (a long transaction
  // gives thousands of reports).
  SharedText message;
  uint32_t tx = 0;
  for (const StmtInfo& info : ctx.stmts) {
    if (!info.in_transaction || info.tx != tx) {
      holder = nullptr;
      tx = info.tx;
    }
    if (!info.in_transaction) continue;
    if (holder != nullptr && !exempt(info)) sink.report(info.stmt->span, message);
    if (holder == nullptr) {
      for (const Effect& e : info.effects) {
        if (e.existing && e.lock == LockMode::AccessExclusive) {
          holder = &info;
          const uint32_t line = ctx.file.source.lines.line_of(info.stmt->span.begin);
          message = fmt::format(
              "this statement runs while the ACCESS EXCLUSIVE lock on {} taken on line {} is still "
              "held: every query on {} queues until COMMIT",
              ticked(e.relation), line, ticked(e.relation));
          break;
        }
      }
    }
  }
}

}  // namespace

extern const Rule lock_held_across_statements{
    {"lock-held-across-statements", Severity::Warning, true,
     "Statements run while an ACCESS EXCLUSIVE lock is held in the same transaction",
     "Commit right after the statement that takes the ACCESS EXCLUSIVE lock, or split the migration so it runs alone.",
     R"(## What it does
Inside a transaction, once a statement has taken an ACCESS EXCLUSIVE lock on an
existing table, reports every later statement of the same transaction. `SET`/`RESET`,
transaction control (`COMMIT`, `ROLLBACK`, `SAVEPOINT`) and statements that only touch
tables created earlier in this file (or no table at all, such as `CREATE TABLE` of a
new table) are not reported.

## Why is this bad?
PostgreSQL releases locks only at the end of the transaction. Every statement after the
locking one, however fast it is by itself, adds to the time during which every query
on the table (even a plain `SELECT`) queues behind the lock.

## Safe alternative
Commit right after the locking statement, and run the rest in separate transactions
or migrations. Keep the locking statement short and set a `lock_timeout`.

## Example
```sql
-- bad
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
UPDATE orders SET note = '' WHERE id < 1000;
COMMIT;
```
```sql
-- good
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
UPDATE orders SET note = '' WHERE id < 1000;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
