// change-column-type: ALTER COLUMN .. TYPE that rewrites or rescans the table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::AlterColumnType, [&](const StmtInfo& info, const Action& a) {
    if (!a.existing) return;
    const Effect* e = info.effect_on(a.table);
    bool rewrite = e != nullptr && e->rewrite;
    bool scan = e != nullptr && e->scan;
    if (a.detail().rewrite_reason.empty() && !rewrite && !scan) return;
    std::string what = rewrite ? "rewrites the whole table" : "scans the whole table";
    std::string msg;
    if (!a.detail().old_type.known()) {
      msg = fmt::format(
          "the current type of {}.{} is unknown to pgsafe (not defined in these migrations), so changing it "
          "to {} must be assumed to rewrite the table while holding an ACCESS EXCLUSIVE lock",
          a.table, a.name, a.detail().new_type.display());
    } else if (a.detail().using_clause) {
      msg = fmt::format("changing {}.{} from {} to {} with a USING clause {} while holding an ACCESS EXCLUSIVE lock",
                        a.table, a.name, a.detail().old_type.display(), a.detail().new_type.display(), what);
    } else {
      msg = fmt::format(
          "changing {}.{} from {} to {} is not binary coercible: it {} while holding an ACCESS EXCLUSIVE lock", a.table,
          a.name, a.detail().old_type.display(), a.detail().new_type.display(), what);
    }
    sink.report(a.span, std::move(msg));
  });
}

}  // namespace

extern const Rule change_column_type{
    {"change-column-type", Severity::Error, true, "Changing a column's type rewrites the table",
     "Add a new column of the new type, backfill it in batches, switch the code to it, then drop the old column; or "
     "make a binary-coercible change (e.g. widen varchar(n)).",
     R"(## What it does
Reports `ALTER TABLE ... ALTER COLUMN ... TYPE` on an existing table, unless the old
type is known (from earlier statements or migration files) and the change is binary
coercible with no `USING` clause:

- `varchar(n)` to `varchar(m)` with m >= n, to unbounded `varchar`, or to `text`;
- `text` to unbounded `varchar` and back;
- `numeric(p,s)` to `numeric(q,s)` with q >= p, or to unbounded `numeric`;
- `varbit(n)` to `varbit(m)` with m >= n;
- `cidr` to `inet`;
- `timestamp(p)` to `timestamp(q)` with q >= p (likewise `timestamptz`, `time`,
  `interval`).

A change whose old type pgsafe does not know is reported too, and the message says so.

## Why is this bad?
Any other type change makes PostgreSQL rewrite the table (and rebuild its indexes)
while holding an ACCESS EXCLUSIVE lock: no reads or writes for as long as copying the
table takes. Deployed code may also break on the new type.

## Safe alternative
Add a new column with the new type, keep both in sync (trigger or dual writes),
backfill the new column in batches, switch reads to it, and drop the old column in a
later migration. When possible, choose a binary-coercible change instead.

## Example
```sql
-- bad
ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
```
```sql
-- good
ALTER TABLE orders ADD COLUMN amount_big bigint;
-- backfill amount_big in batches, switch the code, then drop amount
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
