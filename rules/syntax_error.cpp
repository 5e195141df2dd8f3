// syntax-error: a statement the PostgreSQL 15 grammar rejects.
#include "rule_helpers.hpp"

#include "pgsafe/lexer.hpp"
#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  const ParsedFile& file = ctx.file;
  for (const Statement& st : file.statements) {
    if (!st.error) continue;
    uint32_t at = std::max(st.error->offset, st.span.begin);
    // Underline the token the parser stopped at.
    std::vector<Token> toks = tokenize(file.text(), Span{at, std::max(at, st.span.end)});
    Span span = toks.empty() ? Span{at, at} : toks.front().span;
    sink.report(span, st.error->message);
  }
}

}  // namespace

extern const Rule syntax_error{{"syntax-error", Severity::Error, true, "A statement PostgreSQL cannot parse",
                                "Fix the statement; pgsafe cannot check what it cannot parse.",
                                R"(## What it does
Reports a statement that libpg_query (the PostgreSQL 15 parser) rejects, with the
parser's message at the position it stopped. The other statements of the file are
still linted. When the statement uses syntax from a newer PostgreSQL release than the
PostgreSQL 15 grammar knows, the message says so.

## Why is this bad?
A statement PostgreSQL cannot parse fails the migration, and pgsafe cannot tell what
it would do to the database.

## Safe alternative
Fix the statement. If it is valid for a newer PostgreSQL, suppress the finding with
`-- pgsafe-ignore syntax-error: <reason>` and review the statement by hand.

## Example
```sql
-- bad
ALTER TABLE orders ADD COLUMN total numeric DEFALT 0;
```
```sql
-- good
ALTER TABLE orders ADD COLUMN total numeric DEFAULT 0;
```
)",
                                FixAvailability::None},
                               check};

}  // namespace pgsafe::rules
