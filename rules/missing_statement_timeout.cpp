// missing-statement-timeout: long-running statements with no statement_timeout.
#include <cstdlib>
#include <string>

#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// Is a SET value (an A_Const) zero, i.e. "no timeout"?
bool zero_value(Node v) {
  if (!v) return true;
  std::string_view s = v["sval"].str();
  if (!s.empty()) {
    std::string t(s);
    return std::strtod(t.c_str(), nullptr) == 0.0;
  }
  return v["ival"]["ival"].num(0) == 0 && v["fval"].str().empty();
}

// Is this statement long-running on an existing table: does it read or rewrite all of it?
const Effect* heavy(const StmtInfo& info) {
  for (const Effect& e : info.effects) {
    if (e.existing && (e.scan || e.rewrite)) return &e;
  }
  return nullptr;
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  bool session = false;  // SET statement_timeout in effect for the session
  bool local = false;    // SET LOCAL in effect until the end of transaction `local_tx`
  uint64_t local_tx = 0;
  const StmtInfo* first = nullptr;
  const Effect* first_effect = nullptr;
  size_t count = 0;
  for (const StmtInfo& info : ctx.file.stmts) {
    if (local && (info.tx != local_tx || !info.in_transaction)) local = false;
    Node n = info.stmt->node;
    if (info.kind == "VariableSetStmt" &&
        (n["name"].str() == "statement_timeout" || n["kind"].str() == "VAR_RESET_ALL")) {
      std::string_view kind = n["kind"].str();
      bool on = kind == "VAR_SET_VALUE" && !zero_value(n["args"].at(0));
      if (n["is_local"].flag()) {
        if (info.in_transaction) {
          local = on;
          local_tx = info.tx;
        }
      } else {
        session = on;
        local = false;
      }
      continue;
    }
    if (info.kind == "SelectStmt") {
      for (Node target : n["targetList"]) {
        Node fc = target["val"];
        if (!fc.is("FuncCall") || last_name(fc["funcname"]) != "set_config") continue;
        Node args = fc["args"];
        if (args.size() < 3 || args.at(0)["sval"].str() != "statement_timeout") continue;
        bool on = !zero_value(args.at(1));
        bool is_local = args.at(2)["boolval"]["boolval"].flag() || args.at(2)["sval"].str() == "true";
        if (is_local) {
          if (info.in_transaction) {
            local = on;
            local_tx = info.tx;
          }
        } else {
          session = on;
        }
      }
    }
    if (session || local) continue;
    const Effect* e = heavy(info);
    if (e == nullptr) continue;
    if (first == nullptr) {
      first = &info;
      first_effect = e;
    }
    ++count;
  }
  if (first == nullptr) return;
  sink.report(
      first->stmt->span,
      fmt::format("this statement can run for a long time on {} and no statement_timeout is set{}",
                  ticked(first_effect->relation),
                  count > 1 ? fmt::format(" ({} more such statement{} in this file)", count - 1, count > 2 ? "s" : "")
                            : std::string()));
}

}  // namespace

extern const Rule missing_statement_timeout{
    {"missing-statement-timeout", Severity::Warning, false, "Long-running statements without a statement_timeout",
     "Set statement_timeout at the top of the migration (SET statement_timeout = '5min';).",
     R"(## What it does
Reports, once per file, the first statement that reads or rewrites a whole existing
table (a validating `ADD CONSTRAINT`, `CREATE INDEX`, a rewriting type change, an
unfiltered `UPDATE`, ...) while no `statement_timeout` is in effect (`SET statement_timeout`, `SET LOCAL` within its transaction, or
`set_config('statement_timeout', ..)`, with a non-zero value). The message counts the
other such statements.

## Why is this bad?
A statement that scans or rewrites a table larger than expected runs for as long as
that takes, usually holding a lock that blocks writes or reads the whole time. Without a timeout nothing stops it.

## Safe alternative
Set a `statement_timeout` suited to the migration at its top, so that a runaway
statement is cancelled (and its locks released) instead of blocking the application.

## Example
```sql
-- bad
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
```
```sql
-- good
SET statement_timeout = '5min';
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
```
)",
     FixAvailability::None},
    check};

}  // namespace pgsafe::rules
