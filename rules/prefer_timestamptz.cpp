// prefer-timestamptz: Prefer timestamptz to timestamp without time zone
#include "column_types.hpp"
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for_each_column_def(info, [&](const ColumnDefRef& c) {
      std::string_view t = type_name(c.type);
      if (!(t == "timestamp")) return;
      sink.report(
          c.span,
          fmt::format("column {} is timestamp without time zone: its values carry no time zone; prefer timestamptz",
                      ticked(c.name)));
    });
  }
}

}  // namespace

extern const Rule prefer_timestamptz{
    {"prefer-timestamptz", Severity::Warning, false, "Prefer timestamptz to timestamp without time zone",
     "Use timestamptz (timestamp with time zone).",
     R"(## What it does
Reports columns declared `timestamp` / `timestamp without time zone` in `CREATE
TABLE`, `ADD COLUMN` and `ALTER COLUMN ... TYPE`.

## Why is this bad?
A `timestamp` value does not say which time zone it is in: the same instant is stored
differently by clients with different `TimeZone` settings, and comparisons across
daylight-saving changes go wrong. `timestamptz` stores an absolute instant and
converts on input and output.

## Safe alternative
Use `timestamptz`. Changing an existing column later rewrites the table (unless the
server time zone is UTC on PostgreSQL 12+), so choose it when the column is created.

## Example
```sql
-- bad
ALTER TABLE orders ADD COLUMN shipped_at timestamp;
```
```sql
-- good
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
```
)",
     FixAvailability::None},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
