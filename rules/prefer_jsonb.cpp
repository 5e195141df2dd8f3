// prefer-jsonb: Prefer jsonb to json
#include "column_types.hpp"
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for_each_column_def(info, [&](const ColumnDefRef& c) {
      std::string_view t = type_name(c.type);
      if (!(t == "json")) return;
      sink.report(
          c.span,
          fmt::format("column {} is json: it has no equality operator and cannot be indexed efficiently; prefer jsonb",
                      ticked(c.name)));
    });
  }
}

}  // namespace

extern const Rule prefer_jsonb{{"prefer-jsonb", Severity::Warning, false, "Prefer jsonb to json", "Use jsonb.",
                                R"(## What it does
Reports columns declared `json` in `CREATE TABLE`, `ADD COLUMN` and `ALTER COLUMN ...
TYPE`.

## Why is this bad?
`json` stores the text as written and reparses it on every access. It has no equality
operator (so `SELECT DISTINCT`, `GROUP BY` and `UNION` fail on it) and no GIN index
support. `jsonb` is a parsed binary form with operators and indexing.

## Safe alternative
Use `jsonb`, unless you really need key order and duplicate keys preserved.

## Example
```sql
-- bad
CREATE TABLE events (payload json);
```
```sql
-- good
CREATE TABLE events (payload jsonb);
```
)",
                                FixAvailability::None},
                               check,
                               RuleScope::Statements};

}  // namespace pgsafe::rules
