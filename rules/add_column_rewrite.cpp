// add-column-rewrite: ADD COLUMN that rewrites an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::AddColumn, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    if (!a.detail().rewrite_reason.empty()) {
      sink.report(a.span, fmt::format("adding column {} rewrites {} under an ACCESS EXCLUSIVE lock: {}", ticked(a.name),
                                      ticked(a.table), a.detail().rewrite_reason));
    } else if (!a.detail().note.empty()) {
      Diagnostic& d = sink.report(
          a.span, fmt::format("adding column {} to {}: {}", ticked(a.name), ticked(a.table), a.detail().note));
      d.severity = Severity::Note;
    }
  });
}

}  // namespace

extern const Rule add_column_rewrite{
    {"add-column-rewrite", Severity::Error, true, "Adding a column that rewrites the whole table",
     "Add the column nullable without a default, set the default in a separate statement, and backfill existing rows "
     "in batches.",
     R"(## What it does
Reports `ALTER TABLE ... ADD COLUMN` on an existing table when PostgreSQL has to write
every row: a volatile default (`gen_random_uuid()`, `random()`, `clock_timestamp()`,
`nextval()`, `uuid_generate_v4()`, ...), a `serial`/`bigserial`/`smallserial` column,
`GENERATED ... AS IDENTITY`, or `GENERATED ALWAYS AS (...) STORED`. With
`--pg-version` below 11, any non-null default rewrites the table. A default calling a
function whose volatility pgsafe does not know is reported as a note.

## Why is this bad?
The rewrite holds an ACCESS EXCLUSIVE lock for as long as it takes to copy the table
and rebuild its indexes: reads and writes queue behind it. Since PostgreSQL 11 a
constant or stable default is stored in the catalog instead, which is instant.

## Safe alternative
Add the column nullable without a default, then `ALTER COLUMN ... SET DEFAULT` (affects
new rows only), then backfill existing rows in batches, outside the deploy transaction.

## Example
```sql
-- bad
ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
```
```sql
-- good
ALTER TABLE orders ADD COLUMN token uuid;
ALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();
-- then, in batches: UPDATE orders SET token = gen_random_uuid() WHERE id BETWEEN ... AND token IS NULL;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
