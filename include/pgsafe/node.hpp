// Read-only view of a libpg_query parse tree node.
//
// A parse tree is held as a simdjson DOM document shaped like libpg_query's
// JSON form of the tree: RawParse (src/raw_tree.hpp) writes PostgreSQL's node
// structs straight into that form, without printing or parsing any JSON.
// `Node` wraps its elements so rules never see simdjson. Conventions of the
// form that `Node` hides:
//  - a `Node *` field holds a one-key object {"TypeName": {...fields...}},
//    while a typed struct field (e.g. `RangeVar *relation`) holds the fields
//    directly; `operator[]` looks through the wrapper either way;
//  - fields equal to 0, false or null are omitted, so missing means zero;
//  - enums are spelled by name ("AT_DropColumn"), which is what we match.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace pgsafe {

class Node {
 public:
  Node() = default;
  explicit Node(simdjson::dom::element e) : m_el(e), m_valid(true) {}

  [[nodiscard]] explicit operator bool() const { return m_valid; }

  // "AlterTableStmt" for {"AlterTableStmt": {...}}, "" for anything else.
  [[nodiscard]] std::string_view type() const;
  [[nodiscard]] bool is(std::string_view t) const { return type() == t; }
  // The fields of a wrapped node, or the node itself.
  [[nodiscard]] Node body() const;
  [[nodiscard]] Node operator[](std::string_view field) const;

  // A string field's value; also reads String/sval wrappers. "" if absent.
  [[nodiscard]] std::string_view str() const;
  [[nodiscard]] int64_t num(int64_t fallback = 0) const;
  [[nodiscard]] bool flag() const;
  // The node's 0-based byte location in the parsed text, 0 when absent.
  [[nodiscard]] int location() const { return static_cast<int>((*this)["location"].num(0)); }

  class Iterator {
   public:
    Iterator(simdjson::dom::array::iterator it) : m_it(it) {}
    Node operator*() const { return Node(*m_it); }
    Iterator& operator++() {
      ++m_it;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return m_it != o.m_it; }

   private:
    simdjson::dom::array::iterator m_it;
  };
  // Iterates an array field; empty for anything else.
  [[nodiscard]] Iterator begin() const;
  [[nodiscard]] Iterator end() const;
  [[nodiscard]] size_t size() const;
  [[nodiscard]] Node at(size_t i) const;

  // Calls f(key, child) for each field of the node's body, in order.
  template <class F>
  void for_each_field(F&& f) const {
    Node b = body();
    if (!b.is_object()) return;
    // Copy the object out of the temporary result before iterating it.
    simdjson::dom::object obj = b.m_el.get_object().value_unsafe();
    for (auto field : obj) f(field.key, Node(field.value));
  }

  [[nodiscard]] bool is_array() const { return m_valid && m_el.is_array(); }
  [[nodiscard]] bool is_object() const { return m_valid && m_el.is_object(); }
  [[nodiscard]] const simdjson::dom::element& raw() const { return m_el; }

 private:
  simdjson::dom::element m_el;
  bool m_valid = false;
};

// The names of a List of String nodes joined with '.', e.g. "pg_catalog.int4".
std::string join_names(Node list);
// The last String of a name list ("int4" for pg_catalog.int4).
std::string_view last_name(Node list);

}  // namespace pgsafe
