// constraint-missing-not-valid: CHECK / FOREIGN KEY validated while adding it,
// and VALIDATE in the transaction that added the constraint NOT VALID.
#include <cctype>
#include <optional>

#include "rule_helpers.hpp"

#include "pgsafe/lexer.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// `ALTER TABLE t ADD CONSTRAINT c CHECK (..)` (its only subcommand, outside
// a transaction block) -> `.. NOT VALID;` plus `ALTER TABLE t VALIDATE
// CONSTRAINT c;` as a statement of its own. The table and constraint names
// are copied as written (quoting and schema included).
std::optional<Fix> not_valid_fix(const StmtInfo& info, const Action& a, Node cmd, std::string_view text) {
  const Statement& st = *info.stmt;
  Node n = st.node;
  if (info.in_transaction || a.name.empty() || n["cmds"].size() != 1) return std::nullopt;
  if (cmd["subtype"].str() != "AT_AddConstraint" || !n["relation"]["inh"].flag()) return std::nullopt;
  std::vector<Token> toks = tokenize(text, st.span);
  uint32_t rel_at = st.at(n["relation"].location());
  std::string table;
  std::string constraint;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (table.empty() && toks[i].span.begin == rel_at) {
      // name [. name [. name]]
      size_t j = i;
      while (j + 2 < toks.size() && text[toks[j + 1].span.begin] == '.' &&
             toks[j + 1].span.end - toks[j + 1].span.begin == 1) {
        j += 2;
      }
      table = std::string(text.substr(toks[i].span.begin, toks[j].span.end - toks[i].span.begin));
    }
    if (constraint.empty() && i + 1 < toks.size() && word_is(text, toks[i], "constraint") &&
        (toks[i + 1].kind == TokenKind::Word || toks[i + 1].kind == TokenKind::QuotedIdent)) {
      constraint = std::string(text.substr(toks[i + 1].span.begin, toks[i + 1].span.end - toks[i + 1].span.begin));
    }
  }
  if (table.empty() || constraint.empty()) return std::nullopt;
  // The new statement goes after the statement's semicolon (past comments
  // before it), or the fix adds the semicolon.
  // The last token's end: the statement's span can run on over a comment
  // before its semicolon.
  if (toks.empty()) return std::nullopt;
  uint32_t end = toks.back().span.end;
  uint32_t after = skip_trivia(text, end, static_cast<uint32_t>(text.size()));
  std::string validate = fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {};", table, constraint);
  Fix fix{"Add the constraint NOT VALID, then validate it in a separate statement", {}};
  fix.edits.push_back(Edit{Span{end, end}, " NOT VALID"});
  if (after < text.size() && text[after] == ';') {
    fix.edits.push_back(Edit{Span{after + 1, after + 1}, "\n" + validate});
  } else {
    fix.edits.push_back(Edit{Span{end + 0, end + 0}, ";\n" + validate});
    // Both edits insert at `end`: merge them so they apply in order.
    fix.edits.front().replacement += fix.edits.back().replacement;
    fix.edits.pop_back();
  }
  return fix;
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    for (const Action& a : info.actions) {
      if (!a.existing) continue;
      if (a.kind == ActionKind::AddConstraint && !a.not_valid &&
          (a.detail().constraint_type == "CHECK" || a.detail().constraint_type == "FOREIGN KEY")) {
        bool fk = a.detail().constraint_type == "FOREIGN KEY";
        bool with_column = ctx.node(a)["subtype"].str() == "AT_AddColumn";
        std::string lock = fk ? "a SHARE ROW EXCLUSIVE lock on both tables (blocking writes)"
                              : "an ACCESS EXCLUSIVE lock (blocking reads and writes)";
        Diagnostic& d = sink.report(
            a.span, fmt::format("adding {} constraint {}on {} without NOT VALID scans the whole table while "
                                "holding {}{}",
                                fk ? "a FOREIGN KEY" : "a CHECK", a.name.empty() ? std::string() : ticked(a.name) + " ",
                                ticked(a.table), lock,
                                with_column ? "; add the column first, then the constraint NOT VALID" : ""));
        if (!with_column) d.fix = not_valid_fix(info, a, ctx.node(a), ctx.file.text());
      } else if (a.kind == ActionKind::ValidateConstraint && a.same_tx_not_valid) {
        sink.report(a.span, fmt::format("VALIDATE CONSTRAINT {} runs in the transaction that added it NOT VALID: the "
                                        "lock taken by the ADD is still held during the validating scan",
                                        ticked(a.name)));
      }
    }
  }
}

}  // namespace

extern const Rule constraint_missing_not_valid{
    {"constraint-missing-not-valid", Severity::Error, true,
     "Adding a CHECK or FOREIGN KEY constraint without NOT VALID scans the table under a blocking lock",
     "Add the constraint NOT VALID, then VALIDATE CONSTRAINT it in a separate transaction.",
     R"(## What it does
Reports `ALTER TABLE ... ADD CONSTRAINT ... CHECK (...)` and `... FOREIGN KEY ...`
(also as column constraints of `ADD COLUMN`) without `NOT VALID` on an existing
table, and `VALIDATE CONSTRAINT` in the same transaction that added the constraint
`NOT VALID`.

## Why is this bad?
PostgreSQL checks every existing row while holding the lock the `ADD` took: ACCESS
EXCLUSIVE for a check constraint, SHARE ROW EXCLUSIVE on both the table and the
referenced table for a foreign key. Writes (and for a check, reads) wait for the whole
scan. Validating in the transaction that added the constraint keeps that lock for the
scan, which is no better.

## Safe alternative
Add the constraint with `NOT VALID`: only new and updated rows are checked and the
statement is instant. Then, in a separate transaction, `VALIDATE CONSTRAINT` checks
the existing rows under a SHARE UPDATE EXCLUSIVE lock, which does not block reads or
writes.

## Example
```sql
-- bad
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
  FOREIGN KEY (customer_id) REFERENCES customers (id);
```
```sql
-- good
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
  FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
```
)",
     FixAvailability::Sometimes},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
