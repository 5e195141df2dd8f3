// The schema as the migrations build it, replayed statement by statement.
//
// Tables are copy-on-write (`std::shared_ptr<const Table>`): changing one
// makes a new version, so analysis can hand each statement the version it
// saw before it ran, at the cost of copying only the tables that change.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace pgsafe {

struct TypeInfo {
  std::string name;           // canonical: "int4", "varchar", "numeric", "serial" ...
  std::vector<int64_t> mods;  // typmods as written: varchar(100) -> {100}
  bool array = false;
  [[nodiscard]] bool known() const { return !name.empty(); }
  [[nodiscard]] std::string display() const;  // "varchar(100)", "int4[]"
};

enum class ColumnOrigin : uint8_t {
  WithTable,         // in the table's CREATE TABLE
  AddedNullable,     // ADD COLUMN, nullable, no default
  AddedWithDefault,  // ADD COLUMN with a non-null default
  AddedOther,        // ADD COLUMN otherwise (NOT NULL without default, identity, ...)
};

// (The flags come last, together, so they share one word: a large
// migration's catalog holds tens of thousands of columns.)
struct Column {
  std::string name;
  TypeInfo type;
  size_t added_file = 0;
  bool not_null = false;
  bool has_default = false;
  ColumnOrigin origin = ColumnOrigin::WithTable;
  bool backfilled = false;  // an UPDATE set it after it was added
};

struct Constraint {
  std::string name;
  std::string type;  // "CHECK", "FOREIGN KEY", "UNIQUE", "PRIMARY KEY", "EXCLUDE"
  bool validated = true;
  std::string not_null_column;           // for CHECK (c IS NOT NULL): c
  std::vector<std::string> columns;      // key columns; for CHECK, the columns it reads
  std::vector<std::string> ref_columns;  // FOREIGN KEY: the referenced columns
  std::string references;                // FOREIGN KEY: the referenced table
  size_t added_file = 0;
  uint32_t added_tx = 0;
};

struct Table {
  std::string name;
  char kind = 'r';                 // 'r' table, 'p' partitioned table, 'm' materialized view, 'v' view
  bool default_partition = false;  // PARTITION OF .. DEFAULT
  bool clustered = false;          // CLUSTER ON was set (a bare CLUSTER rewrites it)
  size_t created_file = 0;
  uint32_t created_tx = 0;
  std::string tablespace;            // "" = the default
  std::string parent;                // PARTITION OF / INHERITS parent, if any
  std::string access_method;         // "" = heap
  std::vector<std::string> sources;  // views and materialized views: the relations they read
  std::vector<Column> columns;
  std::vector<Constraint> constraints;

  [[nodiscard]] const Column* column(std::string_view n) const;
  [[nodiscard]] Column* column(std::string_view n);
  [[nodiscard]] const Constraint* constraint(std::string_view n) const;
  // A validated CHECK (c IS NOT NULL) is known for column c.
  [[nodiscard]] bool has_validated_not_null_check(std::string_view col) const;
};

struct Index {
  std::string name;
  std::string table;
  size_t created_file = 0;
  uint32_t created_tx = 0;
  bool unique = false;
  std::vector<std::string> columns;
};

// Hash maps keyed by name that look up by string_view without building a
// std::string per lookup (the analysis does several lookups per statement).
// The hash reads eight bytes at a time: names are short, and std::hash's
// byte-oriented murmur cost 3% of a large file's run. Nothing iterates these
// maps in an order that reaches the output, so the hash is free to change.
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    constexpr uint64_t k_mul = 0x9E3779B97F4A7C15ULL;
    uint64_t h = s.size() * k_mul;
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w = 0;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * k_mul;
      h ^= h >> 32;
    }
    if (n > 0) {
      uint64_t w = 0;
      std::memcpy(&w, p, n);
      h = (h ^ w) * k_mul;
    }
    // Buckets are taken modulo a prime, so every bit should count.
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return static_cast<size_t>(h ^ (h >> 32));
  }
};
template <class V>
using NameMap = std::unordered_map<std::string, V, NameHash, std::equal_to<>>;

class Catalog {
 public:
  [[nodiscard]] std::shared_ptr<const Table> table(std::string_view name) const;
  // The table, or null, to read now: no reference is taken, so the pointer
  // is good only until the catalog next changes. (table()'s shared_ptr copy
  // is two atomic operations; a DELETE on a table that 6,000 others
  // reference looked tables up 24,000 times.)
  [[nodiscard]] const Table* find(std::string_view name) const;
  // The current version of a table for modification (copied if shared).
  Table* edit(std::string_view name);
  void put(std::shared_ptr<Table> t);
  void drop_table(std::string_view name);
  void rename_table(std::string_view from, std::string_view to);

  [[nodiscard]] const Index* index(std::string_view name) const;
  void put_index(Index idx);
  void drop_index(std::string_view name);
  void rename_index(std::string_view from, std::string_view to);
  // The tables with a foreign key referencing `name` (sorted).
  [[nodiscard]] std::vector<std::string> referencing(std::string_view name) const;
  // Calls f(table) for each of them, in the same order, without copying names.
  template <class F>
  void for_each_referencing(std::string_view name, F&& f) const;
  // Records that `from` has a foreign key to `to`, for referencing().
  void note_reference(const std::string& to, const std::string& from);
  // Partitions and inheritance children of `name` (direct only).
  [[nodiscard]] const std::vector<std::string>& children(std::string_view name) const;
  // The default partitions among them, in the same order: a new partition
  // takes its rows from them. (Found by reading every child, a default was
  // looked for among all the partitions each new one joined: quadratic.)
  [[nodiscard]] const std::vector<std::string>& default_partitions(std::string_view name) const;
  // Is `column` the leading column of an index, primary key or unique constraint of `table`?
  [[nodiscard]] bool leading_indexed(std::string_view table, std::string_view column) const;
  // The same for a table already looked up.
  [[nodiscard]] bool leading_indexed(const Table& table, std::string_view column) const;
  [[nodiscard]] std::vector<std::string> all_tables() const;  // sorted
  // Does `parent` have an index whose columns no index of `child` has?
  [[nodiscard]] bool has_index_missing_on(std::string_view parent, std::string_view child) const;
  // Other named objects that belong to a table (statistics objects).
  void put_object(std::string name, std::string table) { m_objects[std::move(name)] = std::move(table); }
  [[nodiscard]] std::string object_table(std::string_view name) const;

 private:
  void link_child(const Table& t);
  void unlink_child(const Table& t);
  NameMap<std::vector<std::string>> m_children;
  NameMap<std::vector<std::string>> m_default_children;  // exact, as m_children
  // Reverse lookups, so no statement scans the whole catalog. Entries may be
  // stale (a table dropped or renamed since); readers verify them.
  // table -> tables with an FK to it: a set, so that noting one is not a
  // search of those already noted (6,000 tables referencing one took
  // quadratic time) and referencing() need not sort them on every call.
  NameMap<std::set<std::string, std::less<>>> m_referencing;
  // table -> index names, each once (a list searched on every CREATE INDEX
  // was quadratic in a table's indexes).
  NameMap<std::unordered_set<std::string, NameHash, std::equal_to<>>> m_indexes_by_table;
  // table -> leading column -> how many of its indexes lead with it: exact,
  // not stale, so leading_indexed() does not read every index of the table.
  NameMap<NameMap<uint32_t>> m_leading;
  void count_leading(const Index& idx, int delta);
  // leading_indexed's two halves: an index, or a PRIMARY KEY or UNIQUE constraint.
  [[nodiscard]] bool index_leads(std::string_view table, std::string_view column) const;
  [[nodiscard]] static bool constraint_leads(const Table& t, std::string_view column);
  NameMap<std::string> m_objects;
  NameMap<std::shared_ptr<const Table>> m_tables;
  NameMap<Index> m_indexes;
};

template <class F>
void Catalog::for_each_referencing(std::string_view name, F&& f) const {
  auto it = m_referencing.find(name);
  if (it == m_referencing.end()) return;
  for (const std::string& k : it->second) {
    const Table* t = find(k);
    if (t == nullptr || k == name) continue;
    if (std::any_of(t->constraints.begin(), t->constraints.end(),
                    [&](const Constraint& c) { return c.type == "FOREIGN KEY" && c.references == name; })) {
      f(*t);
    }
  }
}

}  // namespace pgsafe
