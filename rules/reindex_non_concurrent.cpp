// reindex-non-concurrent: REINDEX without CONCURRENTLY (PostgreSQL 12+ has it).
#include <cctype>

#include "rule_helpers.hpp"

#include "pgsafe/lexer.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// Where ` CONCURRENTLY` goes: after the INDEX or TABLE keyword of
// `REINDEX [ ( options ) ] { INDEX | TABLE } name`. nullopt for other forms
// (SCHEMA, DATABASE and SYSTEM would skip the system catalogs, or cannot).
std::optional<uint32_t> concurrently_at(std::string_view text, Span stmt) {
  std::vector<Token> toks = tokenize(text, stmt);
  size_t i = 0;
  if (toks.empty() || !word_is(text, toks[0], "reindex")) return std::nullopt;
  ++i;
  if (i < toks.size() && text[toks[i].span.begin] == '(' && toks[i].kind == TokenKind::Punct) {
    int depth = 0;
    for (; i < toks.size(); ++i) {
      char c = text[toks[i].span.begin];
      if (toks[i].kind == TokenKind::Punct && c == '(') ++depth;
      if (toks[i].kind == TokenKind::Punct && c == ')' && --depth == 0) break;
    }
    ++i;
  }
  if (i + 1 >= toks.size()) return std::nullopt;
  if (!word_is(text, toks[i], "index") && !word_is(text, toks[i], "table")) return std::nullopt;
  if (word_is(text, toks[i + 1], "concurrently")) return std::nullopt;
  return toks[i].span.end;
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  if (ctx.options.pg_version < 12) return;  // no REINDEX CONCURRENTLY before 12
  for_each_action(ctx.stmts, ActionKind::Reindex, [&](const StmtInfo& info, const Action& a) {
    if (a.concurrent || !a.existing) return;
    std::string on = a.table.empty() ? std::string("the tables it covers") : ticked(a.table);
    Diagnostic& d = sink.report(
        a.span, fmt::format("REINDEX {} without CONCURRENTLY blocks writes to {} (and reads that use the index) "
                            "until the rebuild finishes",
                            a.name, on));
    // REINDEX CONCURRENTLY cannot run in a transaction block, nor on the
    // system catalogs; partitioned tables only from PostgreSQL 14.
    bool partitioned = a.before && a.before->kind == 'p';
    bool catalog = a.table.starts_with("pg_catalog.") || a.table.starts_with("pg_toast.");
    if (info.in_transaction || catalog || (partitioned && ctx.options.pg_version < 14)) return;
    if (auto at = concurrently_at(ctx.file.text(), info.stmt->span)) {
      d.fix = Fix{"Use REINDEX .. CONCURRENTLY", {Edit{Span{*at, *at}, " CONCURRENTLY"}}};
    }
  });
}

}  // namespace

extern const Rule reindex_non_concurrent{
    {"reindex-non-concurrent", Severity::Warning, true, "REINDEX without CONCURRENTLY blocks writes",
     "Use REINDEX .. CONCURRENTLY (PostgreSQL 12+), outside a transaction.",
     R"(## What it does
Reports `REINDEX` without `CONCURRENTLY` when `--pg-version` is 12 or later (older
versions have no concurrent form).

## Why is this bad?
`REINDEX` takes a SHARE lock on the table, blocking every `INSERT`, `UPDATE` and
`DELETE`, and an ACCESS EXCLUSIVE lock on the index being rebuilt, so queries that
would use it wait too, for as long as the rebuild takes.

## Safe alternative
`REINDEX ... CONCURRENTLY` builds a new copy of the index next to the old one and
swaps them, taking only a SHARE UPDATE EXCLUSIVE lock. It cannot run inside a
transaction block.

## Example
```sql
-- bad
REINDEX INDEX orders_customer_idx;
```
```sql
-- good
REINDEX INDEX CONCURRENTLY orders_customer_idx;
```
)",
     FixAvailability::Sometimes},
    check};

}  // namespace pgsafe::rules
