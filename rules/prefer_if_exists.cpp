// prefer-if-exists: CREATE / DROP / ADD COLUMN without IF [NOT] EXISTS.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.file.stmts) {
    Node n = info.stmt->node;
    Span sp = info.stmt->span;
    if (info.kind == "CreateStmt" || info.kind == "IndexStmt" || info.kind == "CreateSeqStmt" ||
        info.kind == "CreateSchemaStmt" || info.kind == "CreateExtensionStmt" || info.kind == "CreateTableAsStmt") {
      if (n["if_not_exists"].flag()) continue;
      sink.report(sp, "CREATE without IF NOT EXISTS fails if the migration is run again");
    } else if (info.kind == "DropStmt") {
      if (n["missing_ok"].flag()) continue;
      sink.report(sp, "DROP without IF EXISTS fails if the migration is run again");
    } else if (info.kind == "AlterTableStmt") {
      for (Node cmd : n["cmds"]) {
        std::string_view sub = cmd["subtype"].str();
        if (cmd["missing_ok"].flag()) continue;
        if (sub == "AT_AddColumn" || sub == "AT_AddColumnRecurse") {
          Span cs = sp;
          for (const Action& a : info.actions) {
            if (a.kind == ActionKind::AddColumn && a.name == cmd["def"]["colname"].str()) cs = a.span;
          }
          sink.report(cs, fmt::format("ADD COLUMN {} without IF NOT EXISTS fails if the migration is run again",
                                      ticked(cmd["def"]["colname"].str())));
        } else if (sub == "AT_DropColumn" || sub == "AT_DropColumnRecurse") {
          Span cs = sp;
          for (const Action& a : info.actions) {
            if (a.kind == ActionKind::DropColumn && a.name == cmd["name"].str()) cs = a.span;
          }
          sink.report(cs, fmt::format("DROP COLUMN {} without IF EXISTS fails if the migration is run again",
                                      ticked(cmd["name"].str())));
        }
      }
    }
  }
}

}  // namespace

extern const Rule prefer_if_exists{
    {"prefer-if-exists", Severity::Warning, false, "CREATE / DROP / ADD COLUMN without IF [NOT] EXISTS",
     "Add IF NOT EXISTS to CREATE and ADD COLUMN, and IF EXISTS to DROP and DROP COLUMN, so the migration can be re-run.",
     R"(## What it does
Reports `CREATE TABLE`, `CREATE INDEX`, `CREATE SEQUENCE`, `CREATE SCHEMA`,
`CREATE EXTENSION` and `CREATE TABLE AS` without `IF NOT EXISTS`, `DROP ...` without
`IF EXISTS`, and `ALTER TABLE ... ADD COLUMN` / `DROP COLUMN` without
`IF NOT EXISTS` / `IF EXISTS`.

## Why is this bad?
When a migration fails halfway outside a transaction (for example after a
`CREATE INDEX CONCURRENTLY`), or is applied by hand and then again by the tool, the
statements that already ran fail the second time, and the migration cannot be
retried without editing it.

## Safe alternative
Write idempotent statements with `IF [NOT] EXISTS`. Note that `IF NOT EXISTS` does not
check that the existing object has the definition you expect.

## Example
```sql
-- bad
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
```
```sql
-- good
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
