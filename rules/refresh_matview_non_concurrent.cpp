// refresh-matview-non-concurrent: REFRESH MATERIALIZED VIEW without CONCURRENTLY.
#include <cctype>

#include "rule_helpers.hpp"

#include "pgsafe/lexer.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for_each_action(ctx.stmts, ActionKind::RefreshMatView, [&](const StmtInfo& info, const Action& a) {
    if (a.concurrent || !a.existing) return;
    Diagnostic& d = sink.report(
        a.span, fmt::format("refreshing {} without CONCURRENTLY holds an ACCESS EXCLUSIVE lock on it: every "
                            "query of the view waits until the refresh finishes",
                            ticked(a.table)));
    // Only a refresh that fills the view: WITH NO DATA cannot be concurrent.
    // CONCURRENTLY may run in a transaction block.
    if (ctx.node(a)["skipData"].flag()) return;
    std::string_view text = ctx.file.text();
    std::vector<Token> toks = tokenize(text, info.stmt->span);
    if (toks.size() < 4 || !word_is(text, toks[0], "refresh") || !word_is(text, toks[1], "materialized") ||
        !word_is(text, toks[2], "view") || word_is(text, toks[3], "concurrently")) {
      return;
    }
    uint32_t at = toks[2].span.end;
    d.fix = Fix{"Use REFRESH MATERIALIZED VIEW CONCURRENTLY (the view needs a unique index)",
                {Edit{Span{at, at}, " CONCURRENTLY"}}};
  });
}

}  // namespace

extern const Rule refresh_matview_non_concurrent{
    {"refresh-matview-non-concurrent", Severity::Warning, true,
     "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view",
     "Use REFRESH MATERIALIZED VIEW CONCURRENTLY (the view needs a unique index).",
     R"(## What it does
Reports `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` on a materialized view
that existed before this migration file.

## Why is this bad?
A plain refresh recomputes the view's query and replaces its contents while holding an
ACCESS EXCLUSIVE lock: every `SELECT` from the view waits for the whole query to run.

## Safe alternative
`REFRESH MATERIALIZED VIEW CONCURRENTLY` computes the new contents and applies the
difference while taking an EXCLUSIVE lock, which still allows reads. It requires a
unique index on the view (without a `WHERE` clause) and the view must already be
populated.

## Example
```sql
-- bad
REFRESH MATERIALIZED VIEW order_totals;
```
```sql
-- good
CREATE UNIQUE INDEX CONCURRENTLY order_totals_key ON order_totals (customer_id);
REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;
```
)",
     FixAvailability::Sometimes},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
