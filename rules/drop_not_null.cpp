// drop-not-null: ALTER COLUMN .. DROP NOT NULL on an existing table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::DropNotNull, [&](const StmtInfo&, const Action& a) {
    if (!a.existing) return;
    sink.report(a.span, fmt::format("dropping NOT NULL on {}.{} lets nulls in: deployed code that assumes the column "
                                    "always has a value will break on them",
                                    a.table, a.name));
  });
}

}  // namespace

extern const Rule drop_not_null{
    {"drop-not-null", Severity::Warning, false, "Dropping NOT NULL breaks readers that expect a value",
     "Deploy code that handles nulls in the column first, then drop the constraint.",
     R"(## What it does
Reports `ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL` on an existing table.

## Why is this bad?
The change is instant, but it weakens a guarantee existing code relies on: once new
code writes nulls, old code still running during a deploy (and reports, exports,
other services reading the table) can fail on them.

## Safe alternative
First deploy readers that handle nulls, then drop the constraint, then start writing
nulls.

## Example
```sql
-- bad (in the release that starts writing nulls)
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
```
```sql
-- good: a migration after every reader handles a null phone
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;  -- pgsafe-ignore drop-not-null: readers updated in 4.2
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
