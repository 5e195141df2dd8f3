// require-schema-qualified: object names without a schema.
#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  for (const StmtInfo& info : ctx.stmts) {
    const Statement& st = *info.stmt;
    Node n = st.node;
    auto range_var = [&](Node rv) {
      if (!rv || !rv["schemaname"].str().empty()) return;
      std::string_view name = rv["relname"].str();
      if (name.empty()) return;
      int loc = rv.location();
      Span sp = loc > 0 ? Span{st.at(loc), st.at(loc) + static_cast<uint32_t>(name.size())} : st.span;
      sink.report(sp, fmt::format("{} is not schema-qualified: it resolves through search_path, which may differ "
                                  "between environments",
                                  ticked(name)));
    };
    auto name_list = [&](Node list) {
      Node items = list.is("List") ? list["items"] : list;
      if (items.size() != 1) return;
      sink.report(st.span, fmt::format("{} is not schema-qualified: it resolves through search_path, which may differ "
                                       "between environments",
                                       ticked(items.at(0).str())));
    };
    std::string_view k = info.kind;
    if (k == "CreateStmt" || k == "AlterTableStmt" || k == "IndexStmt" || k == "RenameStmt" || k == "InsertStmt" ||
        k == "UpdateStmt" || k == "DeleteStmt" || k == "CreateTrigStmt" || k == "RefreshMatViewStmt" ||
        k == "ClusterStmt") {
      range_var(n["relation"]);
    } else if (k == "TruncateStmt") {
      for (Node rv : n["relations"]) range_var(rv);
    } else if (k == "VacuumStmt") {
      for (Node vr : n["rels"]) range_var(vr["relation"]);
    } else if (k == "ViewStmt") {
      range_var(n["view"]);
    } else if (k == "CreateTableAsStmt") {
      range_var(n["into"]["rel"]);
    } else if (k == "CreateSeqStmt") {
      range_var(n["sequence"]);
    } else if (k == "CreateEnumStmt") {
      name_list(n["typeName"]);
    } else if (k == "DropStmt") {
      std::string_view type = n["removeType"].str();
      if (type == "OBJECT_TABLE" || type == "OBJECT_INDEX" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
          type == "OBJECT_SEQUENCE" || type == "OBJECT_TYPE" || type == "OBJECT_FOREIGN_TABLE") {
        for (Node obj : n["objects"]) {
          if (type == "OBJECT_TYPE") {
            // DROP TYPE objects are TypeName nodes.
            if (obj["names"].size() == 1) name_list(obj["names"]);
          } else {
            name_list(obj);
          }
        }
      }
    }
  }
}

}  // namespace

extern const Rule require_schema_qualified{
    {"require-schema-qualified", Severity::Warning, false, "Object names without a schema",
     "Qualify every table, index, view, sequence and type name with its schema (public.orders).",
     R"(## What it does
Reports unqualified relation names in DDL and DML statements (`CREATE TABLE`,
`ALTER TABLE`, `CREATE INDEX ... ON`, `DROP TABLE/INDEX/VIEW/SEQUENCE/TYPE`,
`INSERT/UPDATE/DELETE` targets, `TRUNCATE`, `VACUUM`, `CLUSTER`, views, sequences
and enum types).

## Why is this bad?
An unqualified name resolves through `search_path`, which can differ between the
developer's machine, CI and production (or be changed by a role or a function). The
migration may then create or change an object in the wrong schema, or fail.

## Safe alternative
Write `schema.name` everywhere in migrations.

## Example
```sql
-- bad
CREATE TABLE orders (id bigint);
```
```sql
-- good
CREATE TABLE public.orders (id bigint);
```
)",
     FixAvailability::None},
    check,
    RuleScope::Statements};

}  // namespace pgsafe::rules
