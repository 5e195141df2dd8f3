// rewrite-command: commands whose purpose is to rewrite a table.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for (const Action& a : info.actions) {
      std::string what;
      switch (a.kind) {
        case ActionKind::Vacuum:
          if (a.full) what = "VACUUM FULL";
          break;
        case ActionKind::Cluster:
          what = "CLUSTER";
          break;
        case ActionKind::SetTablespace: {
          const Effect* e = info.effect_on(a.table);
          if (e != nullptr && e->rewrite) what = "SET TABLESPACE";
          break;
        }
        case ActionKind::SetLogged:
          what = ctx.node(a)["subtype"].str() == "AT_SetUnLogged" ? "SET UNLOGGED" : "SET LOGGED";
          break;
        case ActionKind::SetAccessMethod:
          what = "SET ACCESS METHOD";
          break;
        default:
          break;
      }
      if (what.empty()) continue;
      if (!a.table.empty() && !a.existing) continue;
      std::string target = a.table.empty() ? std::string("every table it applies to") : ticked(a.table);
      sink.report(a.span, fmt::format("{} rewrites {} while holding an ACCESS EXCLUSIVE lock: no reads or writes until "
                                      "the copy is finished",
                                      what, target));
    }
  }
}

}  // namespace

extern const Rule rewrite_command{
    {"rewrite-command", Severity::Error, true, "Command that rewrites a whole table under an ACCESS EXCLUSIVE lock",
     "Use an online rebuild tool such as pg_repack, or run it in a maintenance window.",
     R"(## What it does
Reports `VACUUM FULL`, `CLUSTER`, and `ALTER TABLE ... SET TABLESPACE` (to a different
tablespace), `SET LOGGED`, `SET UNLOGGED` and `SET ACCESS METHOD` on existing tables.

## Why is this bad?
Each of these copies the whole table (and rebuilds its indexes) while holding an
ACCESS EXCLUSIVE lock: neither reads nor writes can proceed until the copy is
finished, which on a large table means minutes to hours of downtime.

## Safe alternative
Rebuild the table online with a pg_repack-style tool, which copies it while it stays
available and swaps it in with a brief lock, or schedule the command in a maintenance
window. A plain `VACUUM` (not FULL) does not rewrite the table.

## Example
```sql
-- bad
VACUUM FULL orders;
```
```sql
-- good
VACUUM orders;
```
)",
     FixAvailability::None},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
