// prefer-text: Prefer text (or varchar without a length) to varchar(n)
#include "column_types.hpp"
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for_each_column_def(info, [&](const ColumnDefRef& c) {
      std::string_view t = type_name(c.type);
      if (!(t == "varchar" && has_typmods(c.type))) return;
      sink.report(c.span, fmt::format("column {} is varchar(n): raising the limit later may need a table rewrite; "
                                      "prefer text with a CHECK constraint",
                                      ticked(c.name)));
    });
  }
}

}  // namespace

extern const Rule prefer_text{
    {"prefer-text", Severity::Warning, false, "Prefer text (or varchar without a length) to varchar(n)",
     "Use text, with a CHECK (length(c) <= n) constraint if the limit matters.",
     R"(## What it does
Reports columns declared `varchar(n)` / `character varying(n)` in `CREATE TABLE`,
`ADD COLUMN` and `ALTER COLUMN ... TYPE`.

## Why is this bad?
In PostgreSQL `varchar(n)` stores data exactly like `text`; the length limit is the
only difference, and it is awkward to change: lowering it rewrites the table, and
tools often get it wrong. A `CHECK` constraint expresses the same limit and can be
replaced with `NOT VALID` + `VALIDATE` without long locks.

## Safe alternative
Use `text` (or `varchar` without a length) and, if the limit matters, a `CHECK
(length(col) <= n)` constraint.

## Example
```sql
-- bad
CREATE TABLE users (email varchar(255));
```
```sql
-- good
CREATE TABLE users (email text CHECK (length(email) <= 255));
```
)",
     FixAvailability::None},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
