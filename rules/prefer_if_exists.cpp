// prefer-if-exists: CREATE / DROP / ADD COLUMN without IF [NOT] EXISTS.
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "rule_helpers.hpp"

#include "pgsafe/lexer.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

bool word_in(std::string_view text, const Token& t, std::initializer_list<std::string_view> ws) {
  for (std::string_view w : ws) {
    if (word_is(text, t, w)) return true;
  }
  return false;
}

Fix insert_fix(uint32_t at, std::string_view what) {
  return Fix{fmt::format("Add {}", what), {Edit{Span{at, at}, fmt::format(" {}", what)}}};
}

// CREATE [options] {TABLE | INDEX [CONCURRENTLY] | SEQUENCE | SCHEMA |
// EXTENSION | MATERIALIZED VIEW} <- IF NOT EXISTS goes here.
std::optional<Fix> create_fix(const StmtInfo& info, std::string_view text) {
  Node n = info.stmt->node;
  if (info.kind == "IndexStmt" && n["idxname"].str().empty()) return std::nullopt;          // needs a name
  if (info.kind == "CreateSchemaStmt" && n["schemaElts"].size() != 0) return std::nullopt;  // not allowed
  std::vector<Token> toks = tokenize(text, info.stmt->span);
  if (toks.empty() || !word_is(text, toks[0], "create")) return std::nullopt;
  for (size_t i = 1; i < toks.size() && i < 6; ++i) {
    if (word_in(text, toks[i], {"global", "local", "temp", "temporary", "unlogged", "unique", "materialized"}))
      continue;
    if (!word_in(text, toks[i], {"table", "index", "sequence", "schema", "extension", "view"})) return std::nullopt;
    size_t k = i;
    if (word_is(text, toks[i], "index") && k + 1 < toks.size() && word_is(text, toks[k + 1], "concurrently")) ++k;
    return insert_fix(toks[k].span.end, "IF NOT EXISTS");
  }
  return std::nullopt;
}

// DROP <object type> [CONCURRENTLY] <- IF EXISTS goes here.
std::optional<Fix> drop_fix(const StmtInfo& info, std::string_view text) {
  std::string_view type = info.stmt->node["removeType"].str();
  struct Kw {
    std::string_view type;
    std::initializer_list<std::string_view> words;
  };
  static const Kw k_types[] = {
      {"OBJECT_TABLE", {"table"}},
      {"OBJECT_INDEX", {"index"}},
      {"OBJECT_SEQUENCE", {"sequence"}},
      {"OBJECT_VIEW", {"view"}},
      {"OBJECT_MATVIEW", {"materialized", "view"}},
      {"OBJECT_FOREIGN_TABLE", {"foreign", "table"}},
      {"OBJECT_SCHEMA", {"schema"}},
      {"OBJECT_EXTENSION", {"extension"}},
      {"OBJECT_TYPE", {"type"}},
      {"OBJECT_DOMAIN", {"domain"}},
      {"OBJECT_FUNCTION", {"function"}},
      {"OBJECT_PROCEDURE", {"procedure"}},
      {"OBJECT_TRIGGER", {"trigger"}},
      {"OBJECT_POLICY", {"policy"}},
      {"OBJECT_RULE", {"rule"}},
      {"OBJECT_COLLATION", {"collation"}},
  };
  std::vector<Token> toks = tokenize(text, info.stmt->span);
  if (toks.empty() || !word_is(text, toks[0], "drop")) return std::nullopt;
  for (const Kw& kw : k_types) {
    if (kw.type != type) continue;
    size_t i = 1;
    for (std::string_view w : kw.words) {
      if (i >= toks.size() || !word_is(text, toks[i], w)) return std::nullopt;
      ++i;
    }
    if (i < toks.size() && type == "OBJECT_INDEX" && word_is(text, toks[i], "concurrently")) ++i;
    return insert_fix(toks[i - 1].span.end, "IF EXISTS");
  }
  return std::nullopt;
}

// ADD [COLUMN] <- IF NOT EXISTS -> name; DROP [COLUMN] <- IF EXISTS -> name.
// `span` ends with the column's name.
std::optional<Fix> column_fix(Span span, const StmtInfo& info, std::string_view text, std::string_view what) {
  if (span == info.stmt->span) return std::nullopt;
  std::vector<Token> toks = tokenize(text, span);
  if (toks.size() < 2) return std::nullopt;
  uint32_t at = toks.back().span.begin;
  return Fix{fmt::format("Add {}", what), {Edit{Span{at, at}, fmt::format("{} ", what)}}};
}

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  std::string_view text = ctx.file.text();
  for (const StmtInfo& info : ctx.stmts) {
    Node n = info.stmt->node;
    Span sp = info.stmt->span;
    if (info.kind == "CreateStmt" || info.kind == "IndexStmt" || info.kind == "CreateSeqStmt" ||
        info.kind == "CreateSchemaStmt" || info.kind == "CreateExtensionStmt" || info.kind == "CreateTableAsStmt") {
      if (n["if_not_exists"].flag()) continue;
      sink.report(sp, "CREATE without IF NOT EXISTS fails if the migration is run again").fix = create_fix(info, text);
    } else if (info.kind == "DropStmt") {
      if (n["missing_ok"].flag()) continue;
      sink.report(sp, "DROP without IF EXISTS fails if the migration is run again").fix = drop_fix(info, text);
    } else if (info.kind == "AlterTableStmt") {
      // Each subcommand's span is that of the last action of its kind and
      // column name: looked up in a map built once per statement, not by
      // reading every action for every subcommand (quadratic in a long
      // ALTER TABLE).
      std::unordered_map<std::string_view, Span> added;
      std::unordered_map<std::string_view, Span> dropped;
      for (const Action& a : info.actions) {
        if (a.kind == ActionKind::AddColumn) added[a.name.view()] = a.span;
        if (a.kind == ActionKind::DropColumn) dropped[a.name.view()] = a.span;
      }
      auto span_of = [&](const std::unordered_map<std::string_view, Span>& spans, std::string_view column) {
        auto it = spans.find(column);
        return it == spans.end() ? sp : it->second;
      };
      for (Node cmd : n["cmds"]) {
        std::string_view sub = cmd["subtype"].str();
        if (cmd["missing_ok"].flag()) continue;
        if (sub == "AT_AddColumn" || sub == "AT_AddColumnRecurse") {
          const std::string_view column = cmd["def"]["colname"].str();
          const Span cs = span_of(added, column);
          sink.report(cs, fmt::format("ADD COLUMN {} without IF NOT EXISTS fails if the migration is run again",
                                      ticked(column)))
              .fix = column_fix(cs, info, text, "IF NOT EXISTS");
        } else if (sub == "AT_DropColumn" || sub == "AT_DropColumnRecurse") {
          const std::string_view column = cmd["name"].str();
          const Span cs = span_of(dropped, column);
          sink.report(cs, fmt::format("DROP COLUMN {} without IF EXISTS fails if the migration is run again",
                                      ticked(column)))
              .fix = column_fix(cs, info, text, "IF EXISTS");
        }
      }
    }
  }
}

}  // namespace

extern const Rule prefer_if_exists{
    {"prefer-if-exists", Severity::Warning, false, "CREATE / DROP / ADD COLUMN without IF [NOT] EXISTS",
     "Add IF NOT EXISTS to CREATE and ADD COLUMN, and IF EXISTS to DROP and DROP COLUMN, so the migration can be "
     "re-run.",
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
     FixAvailability::Sometimes},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
