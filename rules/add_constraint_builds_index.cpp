// add-constraint-builds-index: ADD UNIQUE / PRIMARY KEY / EXCLUDE builds an
// index under ACCESS EXCLUSIVE.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::AddConstraint, [&](const StmtInfo&, const Action& a) {
    if (!a.existing || a.using_index) return;
    const std::string_view t = a.detail().constraint_type;
    if (t != "UNIQUE" && t != "PRIMARY KEY" && t != "EXCLUDE") return;
    sink.report(a.span, fmt::format("adding {} {} constraint to {} builds its index while holding an ACCESS EXCLUSIVE "
                                    "lock: reads and writes wait until the whole table is indexed",
                                    t == "EXCLUDE" ? "an" : "a", t, ticked(a.table)));
  });
}

}  // namespace

extern const Rule add_constraint_builds_index{
    {"add-constraint-builds-index", Severity::Error, true,
     "Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint builds an index under an ACCESS EXCLUSIVE lock",
     "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY, then attach it with "
     "ADD CONSTRAINT .. UNIQUE USING INDEX (or PRIMARY KEY USING INDEX).",
     R"(## What it does
Reports `ALTER TABLE ... ADD UNIQUE`, `ADD PRIMARY KEY` (except `... USING INDEX`) and
`ADD EXCLUDE` on an existing table, also as column constraints of `ADD COLUMN`.

## Why is this bad?
These constraints are enforced by an index, and PostgreSQL builds it inside the
`ALTER TABLE` while holding an ACCESS EXCLUSIVE lock: no reads or writes until every
row is indexed. `NOT VALID` does not exist for these constraint kinds.

## Safe alternative
Build the index with `CREATE UNIQUE INDEX CONCURRENTLY` (outside a transaction), then
attach it with `ADD CONSTRAINT ... UNIQUE USING INDEX` or `PRIMARY KEY USING INDEX`,
which only takes the lock briefly. For a primary key, make sure its columns are
already NOT NULL (see `set-not-null-scan`). Exclusion constraints have no `USING
INDEX` form: run them in a maintenance window.

## Example
```sql
-- bad
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
```
```sql
-- good
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
