// create-enum: CREATE TYPE .. AS ENUM.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::CreateType, [&](const StmtInfo& info, const Action& a) {
    if (info.kind != "CreateEnumStmt") return;
    sink.report(a.span, fmt::format("enum type {}: its values can be added but not removed or renamed safely; prefer a "
                                    "text column with a CHECK constraint or a lookup table",
                                    ticked(a.name)));
  });
}

}  // namespace

extern const Rule create_enum{
    {"create-enum", Severity::Warning, false, "Enum types are hard to change",
     "Use a text column with a CHECK (c IN (..)) constraint, or a lookup table with a foreign key.",
     R"(## What it does
Reports `CREATE TYPE ... AS ENUM`.

## Why is this bad?
Values can be appended to an enum (`ALTER TYPE ... ADD VALUE`, which before
PostgreSQL 12 cannot run in a transaction), but never removed: dropping a value means
creating a new type and rewriting every column that uses it. Reordering is equally
hard, and the set of values is invisible to ordinary queries.

## Safe alternative
A `text` column with a `CHECK (status IN (...))` constraint can be changed with
`NOT VALID` + `VALIDATE`; a lookup table with a foreign key can be changed with plain
`INSERT` and `DELETE`.

## Example
```sql
-- bad
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
```
```sql
-- good
ALTER TABLE orders ADD COLUMN status text
  CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid', 'shipped'));
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
