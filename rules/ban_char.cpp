// ban-char: Do not use char(n)
#include "column_types.hpp"
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for_each_column_def(info, [&](const ColumnDefRef& c) {
      std::string_view t = type_name(c.type);
      if (!(t == "bpchar")) return;
      sink.report(
          c.span,
          fmt::format(
              "column {} is char(n): values are blank-padded to the length, which surprises comparisons; prefer text",
              ticked(c.name)));
    });
  }
}

}  // namespace

extern const Rule ban_char{
    {"ban-char", Severity::Warning, false, "Do not use char(n)", "Use text (or varchar) instead of char(n).",
     R"(## What it does
Reports columns declared `char(n)` / `character(n)` (also bare `char`, which means
`char(1)`) in `CREATE TABLE`, `ADD COLUMN` and `ALTER COLUMN ... TYPE`.

## Why is this bad?
`char(n)` pads values with spaces to the declared length and strips trailing spaces in
comparisons and casts, which produces surprising results and wastes space. It is not
faster than `text` in PostgreSQL.

## Safe alternative
Use `text`, with a `CHECK` constraint if the length matters.

## Example
```sql
-- bad
CREATE TABLE countries (code char(2));
```
```sql
-- good
CREATE TABLE countries (code text CHECK (length(code) = 2));
```
)",
     FixAvailability::None},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
