// Parse trees without the JSON round trip.
//
// libpg_query's pg_query_parse prints PostgreSQL's parse tree as JSON, which
// pgsafe used to read back with simdjson: on a large migration the printing
// and the reading cost more than PostgreSQL's parser itself. RawParse instead
// asks libpg_query for PostgreSQL's own node tree (pg_query_raw_parse) and
// writes it straight onto the tape `Node` reads (tree.hpp): the same tree,
// key for key and in the same order, as pg_query_parse's JSON
// (tests/raw_tree_test.cpp checks this on the whole corpus), so `Node` and
// every rule read it as they read that JSON. One difference is deliberate:
// libpg_query's JSON prints a negative Integer as if it were 0 ("SELECT -5"
// gives {"ival": {}}); RawParse keeps the value.
//
// Each node's fields come from src/generated/raw_nodes.inc, generated from
// libpg_query's pg_query.proto and compiled against PostgreSQL 15's server
// headers. raw_tree.cpp is the only file that sees those headers.
#pragma once

#include <pg_query.h>

#include <memory>

#include "pgsafe/tree.hpp"

namespace pgsafe {

class RawParse {
 public:
  // Parses `sql` (NUL-terminated) and builds its tree; thread-safe.
  explicit RawParse(const char* sql);
  ~RawParse();
  RawParse(const RawParse&) = delete;
  RawParse& operator=(const RawParse&) = delete;

  // The parser's error, or null.
  [[nodiscard]] const PgQueryError* error() const { return m_error; }
  // The tree, {"version": ..., "stmts": [...]}, as pg_query_parse's JSON
  // would be; null after a parse error, and null when that JSON would not
  // be readable: a string that is not valid UTF-8, or nesting deeper than
  // k_max_tree_depth.
  [[nodiscard]] std::unique_ptr<Tree> take_tree() { return std::move(m_tree); }

 private:
  PgQueryError* m_error = nullptr;
  std::unique_ptr<Tree> m_tree;
};

// The deepest tree pgsafe reads (objects and arrays nested in each other).
inline constexpr size_t k_max_tree_depth = 1 << 16;

}  // namespace pgsafe
