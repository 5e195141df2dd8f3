// Helpers for the opt-in column type rules: every column definition a
// statement writes (CREATE TABLE columns, ADD COLUMN, ALTER COLUMN .. TYPE),
// read from the parse tree.
#pragma once

#include <string>
#include <string_view>

#include "pgsafe/analysis.hpp"
#include "pgsafe/node.hpp"

namespace pgsafe::rules {

struct ColumnDefRef {
  std::string_view table_kind;  // "CREATE TABLE", "ADD COLUMN", "ALTER COLUMN TYPE"
  std::string_view name;        // the column
  Node def;                     // the ColumnDef node
  Node type;                    // its TypeName
  Span span;                    // where to point
};

// "int4" for pg_catalog.int4 / int4 / integer.
inline std::string_view type_name(Node type_name_node) { return last_name(type_name_node["names"]); }
inline bool has_typmods(Node type_name_node) { return type_name_node["typmods"].size() > 0; }

// Calls fn(ColumnDefRef) for every column definition in the statement.
template <class Fn>
void for_each_column_def(const StmtInfo& info, Fn&& fn) {
  const Statement& st = *info.stmt;
  Node n = st.node;
  auto span_of = [&](Node def, std::string_view name) {
    int loc = def.location();
    if (loc <= 0) return st.span;
    uint32_t b = st.at(loc);
    return Span{b, b + static_cast<uint32_t>(name.size())};
  };
  if (info.kind == "CreateStmt") {
    for (Node elt : n["tableElts"]) {
      if (!elt.is("ColumnDef")) continue;
      std::string_view name = elt["colname"].str();
      fn(ColumnDefRef{"CREATE TABLE", name, elt, elt["typeName"], span_of(elt, name)});
    }
  } else if (info.kind == "AlterTableStmt") {
    for (Node cmd : n["cmds"]) {
      std::string_view sub = cmd["subtype"].str();
      if (sub == "AT_AddColumn" || sub == "AT_AddColumnRecurse") {
        Node def = cmd["def"];
        std::string_view name = def["colname"].str();
        fn(ColumnDefRef{"ADD COLUMN", name, def, def["typeName"], span_of(def, name)});
      } else if (sub == "AT_AlterColumnType") {
        std::string_view name = cmd["name"].str();
        Span sp = st.span;
        for (const Action& a : info.actions) {
          if (a.kind == ActionKind::AlterColumnType && a.name == name) sp = a.span;
        }
        fn(ColumnDefRef{"ALTER COLUMN TYPE", name, cmd["def"], cmd["def"]["typeName"], sp});
      }
    }
  }
}

}  // namespace pgsafe::rules
