// constraint-missing-not-valid: CHECK / FOREIGN KEY validated while adding it,
// and VALIDATE in the transaction that added the constraint NOT VALID.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.file.stmts) {
    for (const Action& a : info.actions) {
      if (!a.existing) continue;
      if (a.kind == ActionKind::AddConstraint && !a.not_valid &&
          (a.constraint_type == "CHECK" || a.constraint_type == "FOREIGN KEY")) {
        bool fk = a.constraint_type == "FOREIGN KEY";
        bool with_column = a.node["subtype"].str() == "AT_AddColumn";
        std::string lock = fk ? "a SHARE ROW EXCLUSIVE lock on both tables (blocking writes)"
                              : "an ACCESS EXCLUSIVE lock (blocking reads and writes)";
        sink.report(a.span, fmt::format("adding {} constraint {}on {} without NOT VALID scans the whole table while "
                                        "holding {}{}",
                                        fk ? "a FOREIGN KEY" : "a CHECK",
                                        a.name.empty() ? std::string() : ticked(a.name) + " ", ticked(a.table), lock,
                                        with_column ? "; add the column first, then the constraint NOT VALID" : ""));
      } else if (a.kind == ActionKind::ValidateConstraint && a.same_tx_not_valid) {
        sink.report(a.span, fmt::format("VALIDATE CONSTRAINT {} runs in the transaction that added it NOT VALID: the "
                                        "lock taken by the ADD is still held during the validating scan",
                                        ticked(a.name)));
      }
    }
  }
}

}  // namespace

extern const Rule constraint_missing_not_valid{
    {"constraint-missing-not-valid", Severity::Error, true,
     "Adding a CHECK or FOREIGN KEY constraint without NOT VALID scans the table under a blocking lock",
     "Add the constraint NOT VALID, then VALIDATE CONSTRAINT it in a separate transaction.",
     R"(## What it does
Reports `ALTER TABLE ... ADD CONSTRAINT ... CHECK (...)` and `... FOREIGN KEY ...`
(also as column constraints of `ADD COLUMN`) without `NOT VALID` on an existing
table, and `VALIDATE CONSTRAINT` in the same transaction that added the constraint
`NOT VALID`.

## Why is this bad?
PostgreSQL checks every existing row while holding the lock the `ADD` took: ACCESS
EXCLUSIVE for a check constraint, SHARE ROW EXCLUSIVE on both the table and the
referenced table for a foreign key. Writes (and for a check, reads) wait for the whole
scan. Validating in the transaction that added the constraint keeps that lock for the
scan, which is no better.

## Safe alternative
Add the constraint with `NOT VALID`: only new and updated rows are checked and the
statement is instant. Then, in a separate transaction, `VALIDATE CONSTRAINT` checks
the existing rows under a SHARE UPDATE EXCLUSIVE lock, which does not block reads or
writes.

## Example
```sql
-- bad
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
  FOREIGN KEY (customer_id) REFERENCES customers (id);
```
```sql
-- good
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
  FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
