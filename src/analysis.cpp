#include "pgsafe/analysis.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace pgsafe {

// ---------------------------------------------------------------------------
// Lock modes

std::string_view lock_name(LockMode m) {
  static constexpr std::array<std::string_view, 9> k_names{
      "",          "AccessShareLock",       "RowShareLock",  "RowExclusiveLock",   "ShareUpdateExclusiveLock",
      "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};
  return k_names[static_cast<size_t>(m)];
}

std::string_view lock_sql_name(LockMode m) {
  static constexpr std::array<std::string_view, 9> k_names{
      "",      "ACCESS SHARE",        "ROW SHARE", "ROW EXCLUSIVE",   "SHARE UPDATE EXCLUSIVE",
      "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"};
  return k_names[static_cast<size_t>(m)];
}

bool conflicts(LockMode a, LockMode b) {
  // PostgreSQL's lock conflict table (Table 13.2 of the manual), as bit masks
  // over the modes 1..8.
  static constexpr std::array<uint16_t, 9> k_conflicts{
      0,
      1u << 8,                                                                            // AccessShare
      (1u << 7) | (1u << 8),                                                              // RowShare
      (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),                                      // RowExclusive
      (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),                          // ShareUpdateExclusive
      (1u << 3) | (1u << 4) | (1u << 6) | (1u << 7) | (1u << 8),                          // Share
      (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),              // ShareRowExclusive
      (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),  // Exclusive
      0x1FE,                                                                              // AccessExclusive
  };
  return (k_conflicts[static_cast<size_t>(a)] >> static_cast<unsigned>(b)) & 1u;
}

std::vector<std::string_view> blocked_operations(LockMode m) {
  std::vector<std::string_view> out;
  if (m == LockMode::None) return out;
  if (conflicts(m, LockMode::AccessShare)) out.emplace_back("reads");
  if (conflicts(m, LockMode::RowExclusive)) out.emplace_back("writes");
  if (conflicts(m, LockMode::ShareUpdateExclusive)) out.emplace_back("ddl");
  return out;
}

const ActionDetail& Action::detail() const {
  static const ActionDetail k_none;
  return extra ? *extra : k_none;
}

ActionDetail& Action::detail_mut() {
  if (!extra) extra = std::make_unique<ActionDetail>();
  return *extra;
}

const Effect* StmtInfo::effect_on(std::string_view rel) const {
  for (const Effect& e : effects) {
    if (e.relation == rel) return &e;
  }
  return nullptr;
}

LockMode StmtInfo::strongest_lock_on_existing() const {
  LockMode m = LockMode::None;
  for (const Effect& e : effects) {
    if (e.existing) m = std::max(m, e.lock);
  }
  return m;
}

namespace {

constexpr int k_max_walk_depth = 2000;

// ---------------------------------------------------------------------------
// Small parse-tree helpers

std::string relation_name(Node rv) {
  std::string_view schema = rv["schemaname"].str();
  std::string_view rel = rv["relname"].str();
  if (schema.empty() || schema == "public") return std::string(rel);
  std::string out;
  out.reserve(schema.size() + 1 + rel.size());
  out.append(schema).append(1, '.').append(rel);
  return out;
}

// The items of a List node ({"List": {"items": [...]}}), or the array itself.
Node items(Node n) { return n.is("List") ? n["items"] : n; }

// A qualified name list (["s","t"] or ["t"]) as a relation name.
std::string list_name(Node names) {
  names = items(names);
  size_t n = names.size();
  if (n == 0) return {};
  std::string_view last = names.at(n - 1).str();
  if (n >= 2) {
    std::string_view schema = names.at(n - 2).str();
    if (!schema.empty() && schema != "public") return fmt::format("{}.{}", schema, last);
  }
  return std::string(last);
}

// The schema part of a relation name ("" for public).
// The table of a [schema?, table, object] name list (triggers, policies, columns).
std::string owner_table(Node obj) {
  obj = items(obj);
  size_t k = obj.size();
  if (k < 2) return {};
  if (k >= 3 && obj.at(k - 3).str() != "public") return fmt::format("{}.{}", obj.at(k - 3).str(), obj.at(k - 2).str());
  return std::string(obj.at(k - 2).str());
}

// Column names a expression reads (ColumnRef fields' last names).
void column_refs(Node n, std::vector<std::string>& out, int depth) {
  if (!n || depth > k_max_walk_depth) return;
  if (n.is_array()) {
    for (Node c : n) column_refs(c, out, depth + 1);
    return;
  }
  if (!n.is_object()) return;
  if (n.is("ColumnRef")) {
    std::string c(last_name(n["fields"]));
    if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    return;
  }
  n.for_each_field([&](std::string_view, Node child) {
    if (child.is_object() || child.is_array()) column_refs(child, out, depth + 1);
  });
}

std::string_view schema_of(std::string_view rel) {
  size_t dot = rel.find('.');
  return dot == std::string_view::npos ? std::string_view{} : rel.substr(0, dot);
}

std::string qualify(std::string_view schema, std::string_view name) {
  return schema.empty() ? std::string(name) : fmt::format("{}.{}", schema, name);
}

TypeInfo type_of(Node tn) {
  TypeInfo t;
  Node names = tn["names"];
  t.name = std::string(last_name(names));
  for (Node m : tn["typmods"]) {
    Node ival = m["ival"];
    if (ival) {
      t.mods.push_back(ival["ival"].num(0));
    }
  }
  t.array = tn["arrayBounds"].size() > 0;
  return t;
}

// Could the type be a domain, whose own DEFAULT a column without one takes?
// Only names of PostgreSQL's built-in base types are known not to be.
bool may_be_domain(const TypeInfo& t) {
  static constexpr std::array<std::string_view, 20> k_base{
      "bool", "int2", "int4",        "int8",  "numeric", "float4", "float8", "text", "varchar", "bpchar",
      "uuid", "date", "timestamptz", "bytea", "json",    "jsonb",  "inet",   "cidr", "time",    "timestamp"};
  return std::find(k_base.begin(), k_base.end(), t.name) == k_base.end();
}

bool is_serial(const TypeInfo& t) {
  // Compared as string_views: std::string == const char* measured each
  // literal's length first, and CREATE TABLE asks this for every column.
  const std::string_view n = t.name;
  return !t.array && n.size() >= 6 && n.size() <= 11 &&
         (n == "serial" || n == "bigserial" || n == "smallserial" || n == "serial4" || n == "serial8" ||
          n == "serial2");
}

// Is an ALTER COLUMN TYPE from `a` to `b` binary coercible (no rewrite, no scan)?
bool binary_coercible(const TypeInfo& a, const TypeInfo& b) {
  if (!a.known() || !b.known() || a.array != b.array) return false;
  auto unbounded = [](const TypeInfo& t) { return t.mods.empty(); };
  if (a.name == b.name && a.mods == b.mods) return true;
  if (a.name == "varchar" && (b.name == "text" || (b.name == "varchar" && unbounded(b)))) return true;
  if (a.name == "text" && b.name == "varchar" && unbounded(b)) return true;
  if (a.name == "cidr" && b.name == "inet") return true;
  if (a.name != b.name) return false;
  if (a.name == "varchar" || a.name == "varbit") {
    return unbounded(b) || (!unbounded(a) && b.mods[0] >= a.mods[0]);
  }
  if (a.name == "numeric") {
    if (unbounded(b)) return true;
    if (unbounded(a)) return false;
    int64_t ap = a.mods[0];
    int64_t as = a.mods.size() > 1 ? a.mods[1] : 0;
    int64_t bp = b.mods[0];
    int64_t bs = b.mods.size() > 1 ? b.mods[1] : 0;
    return as == bs && bp >= ap;
  }
  if (a.name == "timestamp" || a.name == "timestamptz" || a.name == "time" || a.name == "timetz" ||
      a.name == "interval") {
    // Without a precision the type keeps full precision (6).
    int64_t ap = unbounded(a) ? 6 : a.mods.back();
    if (unbounded(b)) return true;
    if (a.name == "interval" && b.mods.size() > 1 && a.mods.size() > 1 && a.mods.front() != b.mods.front()) {
      return false;  // the field restriction changed
    }
    return b.mods.back() >= ap;
  }
  return false;
}

// Functions from common extensions that pg_proc of a bare server lacks.
char extension_volatility(std::string_view fn) {
  if (fn == "uuid_generate_v1" || fn == "uuid_generate_v1mc" || fn == "uuid_generate_v4") return 'v';
  if (fn == "uuid_generate_v3" || fn == "uuid_generate_v5" || fn == "uuid_nil") return 'i';
  return 0;
}

struct Volatility {
  char level = 'i';         // the most volatile function seen
  std::string volatile_fn;  // the first volatile function
  std::string unknown_fn;   // the first function of unknown volatility
};

void scan_volatility(Node n, Volatility& v, int depth) {
  if (!n || depth > k_max_walk_depth) return;
  if (n.is_array()) {
    for (Node c : n) scan_volatility(c, v, depth + 1);
    return;
  }
  if (!n.is_object()) return;
  std::string_view t = n.type();
  if (t == "FuncCall") {
    std::string fn(last_name(n["funcname"]));
    char vol = builtin_volatility(fn);
    if (vol == 0) vol = extension_volatility(fn);
    if (vol == 'v') {
      if (v.volatile_fn.empty()) v.volatile_fn = fn + "()";
      v.level = 'v';
    } else if (vol == 0) {
      if (v.unknown_fn.empty()) v.unknown_fn = fn + "()";
    } else if (vol == 's' && v.level == 'i') {
      v.level = 's';
    }
  }
  if (t == "SubLink") {
    v.level = std::max(v.level, 's');
  }
  n.for_each_field([&](std::string_view, Node child) {
    if (child.is_object() || child.is_array()) scan_volatility(child, v, depth + 1);
  });
}

bool is_null_const(Node expr) {
  Node c = expr;
  while (c.is("TypeCast")) c = c["arg"];
  return c.is("A_Const") && c["isnull"].flag();
}

// CHECK (c IS NOT NULL): c, else "".
std::string not_null_check_column(Node expr) {
  if (expr.is("NullTest") && expr["nulltesttype"].str() == "IS_NOT_NULL") {
    Node arg = expr["arg"];
    if (arg.is("ColumnRef")) {
      Node fields = arg["fields"];
      return std::string(last_name(fields));
    }
  }
  return {};
}

// PostgreSQL's name for an unnamed constraint: table_col1_col2_suffix.
std::string default_constraint_name(std::string_view table, const std::vector<std::string>& cols,
                                    std::string_view type) {
  std::string_view bare = table.substr(table.find('.') == std::string_view::npos ? 0 : table.find('.') + 1);
  if (type == "PRIMARY KEY") return fmt::format("{}_pkey", bare);
  std::string out(bare);
  for (const std::string& c : cols) {
    out += "_" + c;
    if (type == "CHECK") break;  // a check is named after its first column
  }
  if (type == "FOREIGN KEY") return out + "_fkey";
  if (type == "UNIQUE") return out + "_key";
  if (type == "EXCLUDE") return out + "_excl";
  return out + "_check";
}

std::vector<std::string> string_list(Node list) {
  std::vector<std::string> out;
  for (Node n : list) out.emplace_back(n.str());
  return out;
}

std::string constraint_type_name(std::string_view contype) {
  if (contype == "CONSTR_CHECK") return "CHECK";
  if (contype == "CONSTR_FOREIGN") return "FOREIGN KEY";
  if (contype == "CONSTR_UNIQUE") return "UNIQUE";
  if (contype == "CONSTR_PRIMARY") return "PRIMARY KEY";
  if (contype == "CONSTR_EXCLUSION") return "EXCLUDE";
  if (contype == "CONSTR_NOTNULL") return "NOT NULL";
  if (contype == "CONSTR_DEFAULT") return "DEFAULT";
  return std::string(contype);
}

// Is a SET/RESET value of lock_timeout non-zero?
bool nonzero_timeout(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && (v[i] == ' ' || v[i] == '\'')) ++i;
  bool digits = false;
  for (; i < v.size(); ++i) {
    char c = v[i];
    if (c >= '1' && c <= '9') return true;
    if (c == '0' || c == '.') {
      digits = true;
      continue;
    }
    break;
  }
  return !digits && !v.empty();  // a non-numeric value we cannot read: assume it is set
}

std::string const_text(Node c) {
  while (c.is("TypeCast")) c = c["arg"];
  if (!c.is("A_Const")) return {};
  if (Node s = c["sval"]) return std::string(s["sval"].str());
  if (Node i = c["ival"]) return std::to_string(i["ival"].num(0));
  if (Node f = c["fval"]) return std::string(f["fval"].str());
  return {};
}

// ---------------------------------------------------------------------------
// The analyser

// A timeout setting (lock_timeout, statement_timeout) as a session sees it:
// whether a non-zero value is in effect.
struct TimeoutState {
  bool session = false;
  std::optional<bool> local;      // SET LOCAL, until the end of the transaction
  bool session_at_begin = false;  // what a ROLLBACK restores
  [[nodiscard]] bool effective() const { return local.value_or(session); }
  // SET, SET SESSION, RESET, SET .. DEFAULT set the session value, which also
  // replaces any SET LOCAL of this transaction; SET LOCAL outside a
  // transaction does nothing.
  void set(bool value, bool is_local, bool in_tx) {
    if (!is_local) {
      session = value;
      local.reset();
    } else if (in_tx) {
      local = value;
    }
  }
};

// An open-addressing index of names held in the caller's own array: each
// slot holds an element's index + 1 (0 is empty), with at least twice as
// many slots as names, so adding one allocates nothing until the table
// doubles. It serves both a statement's effects (found by relation) and
// NameSet. (A hash node per name cost more than the work around it: a DELETE
// on a table that 6,000 others reference spent most of its time allocating
// them, and an ALTER TABLE of a table with 4,000 partitions a third of it.)
class NameSlots {
 public:
  // The slot of the element whose name (name_of(index)) is `name`, or the
  // empty slot where it would go; the table must not be empty().
  template <class NameOf>
  [[nodiscard]] size_t find(std::string_view name, const NameOf& name_of) const {
    const size_t mask = m_slots.size() - 1;
    for (size_t i = NameHash{}(name)&mask;; i = (i + 1) & mask) {
      if (m_slots[i] == 0 || name_of(m_slots[i] - 1) == name) return i;
    }
  }
  // The index + 1 of the element in `slot`, or 0.
  [[nodiscard]] uint32_t operator[](size_t slot) const { return m_slots[slot]; }
  void put(size_t slot, size_t index) { m_slots[slot] = static_cast<uint32_t>(index + 1); }
  void free(size_t slot) { m_slots[slot] = 0; }
  // Whether `n` names fit without a rebuild.
  [[nodiscard]] bool fits(size_t n) const { return 2 * n <= m_slots.size(); }
  // Sizes the table for `n` names, with room to double before the next
  // rebuild, and indexes elements [0, count) again.
  template <class NameOf>
  void rebuild(size_t n, size_t count, const NameOf& name_of) {
    size_t slots = 64;
    while (slots < 4 * n) slots *= 2;
    m_slots.assign(slots, 0);
    for (size_t i = 0; i < count; ++i) put(find(name_of(i), name_of), i);
  }
  void clear() { m_slots.clear(); }

 private:
  std::vector<uint32_t> m_slots;
};

// A set of names that the caller keeps alive while it inserts them; clear()
// costs what was inserted, not the table's size, and reads no name (the
// memory of the last use's names may be gone by then).
class NameSet {
  // (Defined first: the members below deduce its type.)
  [[nodiscard]] auto name_of() const {
    return [this](size_t i) { return m_names[i]; };
  }

 public:
  // Whether `name` was new.
  bool insert(std::string_view name) {
    if (!m_index.fits(m_names.size() + 1)) {
      m_index.rebuild(m_names.size() + 1, m_names.size(), name_of());
      for (size_t i = 0; i < m_names.size(); ++i) m_at[i] = m_index.find(m_names[i], name_of());
    }
    const size_t at = m_index.find(name, name_of());
    if (m_index[at] != 0) return false;
    m_index.put(at, m_names.size());
    m_names.push_back(name);
    m_at.push_back(at);
    return true;
  }
  [[nodiscard]] bool contains(std::string_view name) const {
    return !m_names.empty() && m_index[m_index.find(name, name_of())] != 0;
  }
  void clear() {
    for (size_t at : m_at) m_index.free(at);
    m_names.clear();
    m_at.clear();
  }

 private:
  std::vector<std::string_view> m_names;  // in insertion order
  std::vector<size_t> m_at;               // the slot of each
  NameSlots m_index;
};

class Analyzer {
 public:
  explicit Analyzer(const AnalysisOptions& opts) : m_opts(opts) {}

  // One file: begin_file, then add() each statement in order, then end_file.
  void begin_file(const ParsedFile& file, size_t index);
  void add(const Statement& st);
  FileAnalysis end_file();
  std::span<const StmtInfo> stmts() const { return m_fa.stmts; }
  ActionNodes action_nodes() const { return {m_action_nodes, m_action_nodes_first}; }
  // See AnalysisStream::forget_trees.
  void forget_trees() {
    m_action_nodes_first += static_cast<uint32_t>(m_action_nodes.size());
    m_action_nodes.clear();
  }
  void stmts_reserve(size_t n) { m_fa.stmts.reserve(n); }
  Catalog take_catalog() { return std::move(m_catalog); }

 private:
  // effect bookkeeping for the statement being analysed
  void touch(std::string_view rel, LockMode lock, bool rewrite = false, bool scan = false);
  // touch() for a table the caller has looked up: it is not looked up again.
  void touch(const Table& t, LockMode lock, bool rewrite, bool scan);
  // `known`, when given, is rel's table as the caller looked it up (null: absent).
  void touch(std::string_view rel, LockMode lock, bool rewrite, bool scan, std::optional<const Table*> known);
  // touch() on a table and, unless ONLY, its partitions and inheritance
  // children. A partitioned table has no storage: only its leaves are
  // rewritten or scanned.
  void touch_tree(std::string_view rel, LockMode lock, bool rewrite = false, bool scan = false);
  void fk_dml_locks(const std::string& rel, const std::vector<std::string_view>* columns, bool referenced_side);
  bool where_indexed(Node where, const std::string& rel) const;
  bool existing(std::string_view rel) const;
  // Whether `t`, the catalog's entry for a table (or null), existed before this file.
  bool existing(const Table* t) const;
  // `columns`: for the kinds that keep Action::before, the columns of the
  // table it keeps (the ones the action names).
  Action& act(ActionKind kind, std::string_view table, Span span, Node node = {},
              std::span<const std::string> columns = {});
  // `names` as Action::columns holds them: interned, in the file's storage.
  template <class Names>
  std::span<const std::string_view> keep_names(const Names& names) {
    for (const auto& n : names) m_kept_names.push_back(m_fa.names.intern(n));
    return m_fa.column_names.append(m_kept_names);
  }
  std::vector<std::string_view> m_kept_names;  // keep_names' buffer, empty between calls

  void analyze(const Statement& st);
  void transaction(Node n);
  void variable_set(Node n);
  void select_set_config(Node n);
  // The state of a timeout setting by name (noting a lock_timeout change), or null.
  TimeoutState* timeout_named(std::string_view name);
  void create_table(Node n);
  void alter_table(Node n);
  void alter_cmd(Node cmd, const std::string& rel, bool is_index);
  void add_column(Node def, const std::string& rel, Node cmd);
  void add_constraint(Node con, const std::string& rel, Node cmd, const std::string& column = {});
  void create_index(Node n);
  void drop(Node n);
  void rename(Node n);
  void dml_relations(Node n, LockMode lock, bool scan);
  void update_or_delete(Node n, bool update);
  void insert(Node n);
  void vacuum(Node n);

  Span find_span(std::initializer_list<std::string_view> words);
  // Where an UPDATE or DELETE's keyword is: the first `kw` after m_cte_at in
  // a data-modifying CTE, else the first one outside parentheses (after the
  // WITH clause, whose CTEs may hold their own UPDATE or DELETE).
  Span dml_keyword_span(std::string_view kw);
  // Token i of the current statement, read on first use; false past its end.
  bool token_at(size_t i, Token& out) {
    if (i < m_tokens.size()) {
      out = m_tokens[i];
      return true;
    }
    return read_token(i, out);
  }
  bool read_token(size_t i, Token& out);
  // A token's text as find_span compares it: quotes removed ...
  [[nodiscard]] std::string_view word(const Token& t) const;
  // ... and ASCII letters lowered, as find_span's word index keys it.
  [[nodiscard]] std::string folded(const Token& t) const;

  const AnalysisOptions& m_opts;
  Catalog m_catalog;
  // per file
  FileAnalysis m_fa;
  Span m_open_begin{};
  const ParsedFile* m_file = nullptr;
  size_t m_file_index = 0;
  bool m_in_tx = false;
  uint32_t m_tx = 0;
  uint32_t m_next_tx = 1;
  TimeoutState m_timeout;            // lock_timeout
  TimeoutState m_statement_timeout;  // statement_timeout
  // per statement
  const Statement* m_stmt = nullptr;
  StmtInfo* m_info = nullptr;
  // Its effects and actions, moved to m_fa's storage when it is done.
  std::vector<Effect> m_effects;
  std::vector<Action> m_actions;
  // WITH names of the current statement, viewing its tree (a list searched
  // for every relation the statement reads was quadratic in its CTEs).
  NameSet m_ctes;
  std::optional<uint32_t> m_cte_at;  // file offset of the data-modifying CTE being analysed
  std::vector<Node> m_rels;          // dml_relations' relations, reused
  // The nodes of the actions since the trees were last freed; the first is
  // action number m_action_nodes_first of the file (Action::node_index).
  std::vector<Node> m_action_nodes;
  uint32_t m_action_nodes_first = 0;
  bool m_recurse = true;  // the statement's relation is not ONLY
  // The statement's tokens as far as find_span has read them: it is called
  // several times a statement (once per ALTER TABLE subcommand, with
  // fallbacks), and each call used to lex the statement again from its start.
  std::vector<Token> m_tokens;
  std::optional<TokenScanner> m_scanner;  // reads m_tokens further; empty at the statement's end
  bool m_scan_started = false;
  // Where each word occurs among m_tokens (by folded()), built once a search
  // has gone past k_scan_tokens of a statement: a statement of thousands of
  // subcommands is searched once for each, and scanning it from the start
  // every time was quadratic.
  std::unordered_map<std::string, std::vector<uint32_t>> m_word_at;
  bool m_indexed = false;
  static constexpr size_t k_scan_tokens = 256;
  // Each relation's Effect in the statement's effects, indexed once it has
  // k_indexed_effects of them (DROP TABLE or a join of thousands of
  // tables): searching the list for each was quadratic.
  NameSlots m_effect_index;
  NameSet m_seen;  // touch_tree's, reused
  static constexpr size_t k_indexed_effects = 32;
  [[nodiscard]] auto effect_name() const {
    return [this](size_t i) { return m_effects[i].relation; };
  }
};

void Analyzer::touch_tree(std::string_view rel, LockMode lock, bool rewrite, bool scan) {
  // Breadth-first over the inheritance tree, each table once: migrations
  // that PostgreSQL would reject can describe cycles.
  auto touch_one = [&](std::string_view name) {
    const Table* t = m_catalog.find(name);
    const bool storage = !(t && t->kind == 'p');
    touch(name, lock, storage && rewrite, storage && scan, t);
  };
  touch_one(rel);
  if (!m_recurse) return;
  // Views into the catalog, which nothing here modifies. Most tables have no
  // children, and then nothing is allocated.
  std::vector<std::string_view> queue;
  NameSet& seen = m_seen;
  seen.clear();
  auto enqueue_children = [&](std::string_view name) {
    for (const std::string& k : m_catalog.children(name)) {
      if (k != rel && seen.insert(k)) queue.push_back(k);
    }
  };
  enqueue_children(rel);
  for (size_t i = 0; i < queue.size(); ++i) {
    touch_one(queue[i]);
    enqueue_children(queue[i]);
  }
}

// Foreign keys make DML lock the other side: updating a referencing row
// takes ROW SHARE on the referenced table (SELECT .. FOR KEY SHARE; insert()
// does the same for inserts, whose left-out key columns can leave the key
// null); updating or deleting a referenced row takes ROW SHARE on each
// referencing table and scans it unless an index leads with the FK column.
void Analyzer::fk_dml_locks(const std::string& rel, const std::vector<std::string_view>* columns,
                            bool referenced_side) {
  auto touches = [&](const std::vector<std::string>& cols) {
    if (columns == nullptr) return true;
    return std::any_of(cols.begin(), cols.end(), [&](const std::string& c) {
      return std::find(columns->begin(), columns->end(), c) != columns->end();
    });
  };
  if (!referenced_side) {
    auto t = m_catalog.table(rel);
    if (!t) return;
    for (const Constraint& c : t->constraints) {
      if (c.type == "FOREIGN KEY" && touches(c.columns)) touch(c.references, LockMode::RowShare);
    }
    return;
  }
  m_catalog.for_each_referencing(rel, [&](const Table& t) {
    for (const Constraint& c : t.constraints) {
      if (c.type != "FOREIGN KEY" || c.references != rel) continue;
      if (columns != nullptr && !touches(c.ref_columns.empty() ? std::vector<std::string>{"id"} : c.ref_columns))
        continue;
      bool indexed = !c.columns.empty() && m_catalog.leading_indexed(t, c.columns[0]);
      touch(t, LockMode::RowShare, false, !indexed);
    }
  });
}

// Does the WHERE clause pin rows through an index (col = value on the
// leading column of an index, primary key or unique constraint)? Then the
// planner uses the index and the table is not read in full.
bool Analyzer::where_indexed(Node where, const std::string& rel) const {
  if (!where) return false;
  if (where.is("BoolExpr") && where["boolop"].str() == "AND_EXPR") {
    for (Node arg : where["args"]) {
      if (where_indexed(arg, rel)) return true;
    }
    return false;
  }
  if (where.is("A_Expr") && where["kind"].str() == "AEXPR_OP" && last_name(where["name"]) == "=") {
    for (Node side : {where["lexpr"], where["rexpr"]}) {
      if (side.is("ColumnRef") && m_catalog.leading_indexed(rel, last_name(side["fields"]))) return true;
    }
  }
  return false;
}

bool Analyzer::existing(std::string_view rel) const { return existing(m_catalog.find(rel)); }

bool Analyzer::existing(const Table* t) const { return !(t && t->created_file == m_file_index); }

void Analyzer::touch(std::string_view rel, LockMode lock, bool rewrite, bool scan) {
  touch(rel, lock, rewrite, scan, std::nullopt);
}

void Analyzer::touch(const Table& t, LockMode lock, bool rewrite, bool scan) { touch(t.name, lock, rewrite, scan, &t); }

void Analyzer::touch(std::string_view rel, LockMode lock, bool rewrite, bool scan, std::optional<const Table*> known) {
  if (rel.empty()) return;
  std::vector<Effect>& effects = m_effects;  // the statement's so far
  Effect* found = nullptr;
  size_t slot = SIZE_MAX;  // rel's slot in m_effect_index, once it is in use
  if (effects.size() < k_indexed_effects) {
    for (Effect& e : effects) {
      if (e.relation == rel) {
        found = &e;
        break;
      }
    }
  } else {
    if (!m_effect_index.fits(effects.size() + 1)) {
      m_effect_index.rebuild(effects.size() + 1, effects.size(), effect_name());
    }
    slot = m_effect_index.find(rel, effect_name());
    if (m_effect_index[slot] != 0) found = &effects[m_effect_index[slot] - 1];
  }
  if (found != nullptr) {
    found->lock = std::max(found->lock, lock);
    found->rewrite = found->rewrite || rewrite;
    found->scan = found->scan || scan || rewrite;
    return;
  }
  effects.push_back(
      Effect{m_fa.names.intern(rel), lock, rewrite, scan || rewrite, known ? existing(*known) : existing(rel)});
  if (slot != SIZE_MAX) m_effect_index.put(slot, effects.size() - 1);
}

namespace {
// The table without its columns and constraints, but for the columns named
// and the validated NOT NULL checks on them (see Action::before).
std::unique_ptr<const Table> reduced(const Table& t, std::span<const std::string> columns) {
  auto r = std::make_unique<Table>();
  r->name = t.name;
  r->kind = t.kind;
  r->created_file = t.created_file;
  r->created_tx = t.created_tx;
  r->tablespace = t.tablespace;
  r->parent = t.parent;
  r->default_partition = t.default_partition;
  r->clustered = t.clustered;
  r->access_method = t.access_method;
  for (const std::string& name : columns) {
    if (name.empty() || r->column(name) != nullptr) continue;
    if (const Column* c = t.column(name)) r->columns.push_back(*c);
    for (const Constraint& k : t.constraints) {
      if (k.validated && k.not_null_column == name) r->constraints.push_back(k);
    }
  }
  return r;
}
}  // namespace

Action& Analyzer::act(ActionKind kind, std::string_view table, Span span, Node node,
                      std::span<const std::string> columns) {
  Action a;
  a.kind = kind;
  a.table = m_fa.names.intern(table);
  a.span = span.empty() ? m_stmt->span : span;
  std::shared_ptr<const Table> before = m_catalog.table(table);
  a.existing = existing(before.get());  // the table is looked up once
  // The table itself, held here, would make its next change copy it whole
  // (copy on write): held by every action, 8,000 ADD COLUMNs on one table
  // took 4 GB. So only the kinds whose rules read it keep what they read.
  if (keeps_table_before(kind) && before) a.before = reduced(*before, columns);
  a.node_index = m_action_nodes_first + static_cast<uint32_t>(m_action_nodes.size());
  m_action_nodes.push_back(node);
  m_actions.push_back(std::move(a));
  return m_actions.back();
}

bool Analyzer::read_token(size_t i, Token& out) {
  if (!m_scan_started) {  // the first search in this statement
    m_scanner.emplace(m_file->text(), m_stmt->span);
    m_scan_started = true;
  }
  while (i >= m_tokens.size()) {
    Token t{};
    if (!m_scanner || !m_scanner->next(t)) {
      m_scanner.reset();
      return false;
    }
    m_tokens.push_back(t);
  }
  out = m_tokens[i];
  return true;
}

namespace {
// ASCII letters lowered, as iequals_ascii compares them.
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}
}  // namespace

std::string_view Analyzer::word(const Token& t) const {
  std::string_view s = m_file->text().substr(t.span.begin, t.span.end - t.span.begin);
  if (t.kind == TokenKind::QuotedIdent && s.size() >= 2) s = s.substr(1, s.size() - 2);
  return s;
}

std::string Analyzer::folded(const Token& t) const { return ascii_lower(word(t)); }

Span Analyzer::dml_keyword_span(std::string_view kw) {
  auto is_kw = [&](const Token& t) { return t.kind == TokenKind::Word && iequals_ascii(word(t), kw); };
  int depth = 0;
  Token t{};
  for (size_t i = 0; token_at(i, t); ++i) {
    if (m_cte_at) {
      if (t.span.begin >= *m_cte_at && is_kw(t)) return t.span;
      continue;
    }
    if (t.kind == TokenKind::Punct && t.span.end - t.span.begin == 1) {
      const char c = m_file->text()[t.span.begin];
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    } else if (depth == 0 && is_kw(t)) {
      return t.span;
    }
  }
  return m_stmt->span;
}

// The span of the first run of tokens matching `words` in the statement
// (case-insensitive; "?" matches any one token); the statement if none.
// Tokens are read only as far as the first match (usually the first token).
Span Analyzer::find_span(std::initializer_list<std::string_view> words) {
  auto matches = [&](const Token& t, std::string_view w) { return w == "?" || iequals_ascii(word(t), w); };
  const size_t n = words.size();
  // Does the run of words start at token `first`? (Reads tokens as needed.)
  enum class Run { Found, Not, Ended };  // Ended: the statement ended first
  Token last{};
  auto run_at = [&](size_t first) {
    size_t k = 0;
    for (std::string_view w : words) {
      if (!token_at(first + k, last)) return Run::Ended;
      if (!matches(last, w)) return Run::Not;
      ++k;
    }
    return Run::Found;
  };
  if (n == 0) return m_stmt->span;
  // The first k_scan_tokens starts, one by one.
  for (size_t first = 0; first < k_scan_tokens; ++first) {
    const Run run = run_at(first);
    if (run == Run::Found) return Span{m_tokens[first].span.begin, last.span.end};
    // Too few tokens left for a run from here, so from anywhere later.
    if (run == Run::Ended) return m_stmt->span;
  }
  // Further on, only where the word with the fewest occurrences occurs, in
  // order, so the first run found is still the first in the statement.
  if (!m_indexed) {
    Token t{};
    for (size_t i = 0; token_at(i, t); ++i) m_word_at[folded(t)].push_back(static_cast<uint32_t>(i));
    m_indexed = true;
  }
  const std::vector<uint32_t>* rarest = nullptr;
  size_t at_word = 0;
  size_t k = 0;
  static const std::vector<uint32_t> k_nowhere;
  for (std::string_view w : words) {
    if (w != "?") {
      auto it = m_word_at.find(ascii_lower(w));
      const std::vector<uint32_t>* at = it == m_word_at.end() ? &k_nowhere : &it->second;
      if (rarest == nullptr || at->size() < rarest->size()) {
        rarest = at;
        at_word = k;
      }
    }
    ++k;
  }
  if (rarest == nullptr) return m_stmt->span;  // only "?": the first k_scan_tokens starts would have matched
  for (uint32_t p : *rarest) {
    if (p < at_word || p - at_word < k_scan_tokens) continue;  // looked at above
    if (run_at(p - at_word) == Run::Found) return Span{m_tokens[p - at_word].span.begin, last.span.end};
  }
  return m_stmt->span;
}

void Analyzer::begin_file(const ParsedFile& file, size_t index) {
  m_fa = FileAnalysis{};
  m_fa.file = &file;
  m_fa.file_index = index;
  m_file = &file;
  m_file_index = index;
  m_timeout = TimeoutState{};
  m_statement_timeout = TimeoutState{};
  m_in_tx = m_opts.assume_in_transaction;
  m_tx = m_next_tx++;
  m_open_begin = Span{};
  m_action_nodes.clear();
  m_action_nodes_first = 0;
}

void Analyzer::add(const Statement& st) {
  m_fa.stmts.emplace_back();
  StmtInfo& info = m_fa.stmts.back();
  info.stmt = &st;
  m_stmt = &st;
  m_info = &info;
  if (!m_in_tx) m_tx = m_next_tx++;  // autocommit: every statement is its own transaction
  info.in_transaction = m_in_tx;
  info.lock_timeout = m_timeout.effective();
  info.statement_timeout = m_statement_timeout.effective();
  info.tx = m_tx;
  m_ctes.clear();
  m_tokens.clear();
  m_scanner.reset();
  m_scan_started = false;
  if (m_indexed) {
    m_word_at.clear();
    m_indexed = false;
  }
  m_effect_index.clear();
  if (!st.error && st.node) {
    info.kind = lasting_node_type(st.node.type());
    analyze(st);
    if (info.tx_control == TxControl::Begin && m_in_tx) m_open_begin = st.span;
  }
  info.effects = m_fa.effects.append(m_effects);
  info.actions = m_fa.actions.append(m_actions);
  m_stmt = nullptr;
  m_info = nullptr;
}

FileAnalysis Analyzer::end_file() {
  m_fa.open_at_end = m_in_tx && !m_opts.assume_in_transaction;
  m_fa.open_begin = m_open_begin;
  return std::move(m_fa);
}

void Analyzer::analyze(const Statement& st) {
  Node n = st.node;
  std::string_view t = n.type();
  if (t == "TransactionStmt") {
    transaction(n);
  } else if (t == "VariableSetStmt") {
    variable_set(n);
  } else if (t == "CreateStmt") {
    create_table(n);
  } else if (t == "AlterTableStmt") {
    alter_table(n);
  } else if (t == "IndexStmt") {
    create_index(n);
  } else if (t == "DropStmt") {
    drop(n);
  } else if (t == "RenameStmt") {
    rename(n);
  } else if (t == "TruncateStmt") {
    for (Node rv : n["relations"]) {
      std::string rel = relation_name(rv);
      m_recurse = rv["inh"].flag();
      touch_tree(rel, LockMode::AccessExclusive, true, false);
      m_recurse = true;
      Action& a = act(ActionKind::Truncate, rel, find_span({"truncate"}), n);
      a.cascade = n["behavior"].str() == "DROP_CASCADE";
      if (a.cascade) {
        m_catalog.for_each_referencing(rel, [&](const Table& r) { touch(r, LockMode::AccessExclusive, true, false); });
      }
    }
  } else if (t == "UpdateStmt") {
    update_or_delete(n, true);
  } else if (t == "DeleteStmt") {
    update_or_delete(n, false);
  } else if (t == "InsertStmt") {
    insert(n);
  } else if (t == "SelectStmt") {
    bool locking = n["lockingClause"].size() > 0;
    Node from = n["fromClause"];
    bool pinned =
        from.size() == 1 && from.at(0).is("RangeVar") && where_indexed(n["whereClause"], relation_name(from.at(0)));
    dml_relations(n, locking ? LockMode::RowShare : LockMode::AccessShare, !pinned);
    select_set_config(n["targetList"]);
  } else if (t == "VacuumStmt") {
    vacuum(n);
  } else if (t == "ClusterStmt") {
    std::string rel = relation_name(n["relation"]);
    if (!rel.empty()) {
      touch(rel, LockMode::AccessExclusive, true, true);
      act(ActionKind::Cluster, rel, find_span({"cluster"}), n);
    } else {
      // A bare CLUSTER rebuilds every table that has a clustered index.
      for (const std::string& t : m_catalog.all_tables()) {
        auto tbl = m_catalog.table(t);
        if (tbl && tbl->clustered) touch(t, LockMode::AccessExclusive, true, true);
      }
      act(ActionKind::Cluster, "", find_span({"cluster"}), n);
    }
  } else if (t == "RefreshMatViewStmt") {
    std::string rel = relation_name(n["relation"]);
    bool conc = n["concurrent"].flag();
    touch(rel, conc ? LockMode::Exclusive : LockMode::AccessExclusive, !conc, true);
    if (auto mv = m_catalog.table(rel)) {
      for (const std::string& src : mv->sources) touch(src, LockMode::AccessShare, false, true);
    }
    act(ActionKind::RefreshMatView, rel, find_span({"refresh"}), n).concurrent = conc;
  } else if (t == "ReindexStmt") {
    std::string_view kind = n["kind"].str();
    bool conc = false;
    for (Node p : n["params"]) {
      if (p["defname"].str() == "concurrently") conc = true;
    }
    std::string target = n["relation"] ? relation_name(n["relation"]) : std::string(n["name"].str());
    std::string table = target;
    if (kind == "REINDEX_OBJECT_INDEX") {
      const Index* idx = m_catalog.index(target);
      table = idx ? idx->table : std::string();
    }
    if (kind == "REINDEX_OBJECT_INDEX" || kind == "REINDEX_OBJECT_TABLE") {
      if (!table.empty()) touch(table, conc ? LockMode::ShareUpdateExclusive : LockMode::Share, false, true);
    }
    act(ActionKind::Reindex, table, find_span({"reindex"}), n).concurrent = conc;
    m_actions.back().name = target;
  } else if (t == "CreateTrigStmt") {
    std::string rel = relation_name(n["relation"]);
    touch(rel, LockMode::ShareRowExclusive);
  } else if (t == "LockStmt") {
    auto mode = static_cast<LockMode>(std::clamp<int64_t>(n["mode"].num(8), 1, 8));
    for (Node rv : n["relations"]) {
      m_recurse = rv["inh"].flag();
      touch_tree(relation_name(rv), mode);
      m_recurse = true;
    }
  } else if (t == "CommentStmt") {
    std::string_view objtype = n["objtype"].str();
    Node obj = n["object"];
    if (objtype == "OBJECT_TABLE" || objtype == "OBJECT_MATVIEW" || objtype == "OBJECT_VIEW") {
      touch(list_name(obj), LockMode::ShareUpdateExclusive);
    } else if (objtype == "OBJECT_COLUMN") {
      touch(owner_table(obj), LockMode::ShareUpdateExclusive);
    }
  } else if (t == "ViewStmt") {
    size_t before = m_effects.size();
    dml_relations(n["query"], LockMode::AccessShare, false);
    auto tbl = std::make_shared<Table>();
    tbl->name = relation_name(n["view"]);
    tbl->kind = 'v';
    tbl->created_file = m_file_index;
    tbl->created_tx = m_tx;
    for (size_t k = before; k < m_effects.size(); ++k) tbl->sources.emplace_back(m_effects[k].relation);
    m_catalog.put(std::move(tbl));
  } else if (t == "CreateTableAsStmt") {
    Node into = n["into"];
    size_t before = m_effects.size();
    dml_relations(n["query"], LockMode::AccessShare, !into["skipData"].flag());
    std::string rel = relation_name(into["rel"]);
    auto tbl = std::make_shared<Table>();
    tbl->name = rel;
    tbl->kind = n["objtype"].str() == "OBJECT_MATVIEW" ? 'm' : 'r';
    for (size_t k = before; k < m_effects.size(); ++k) tbl->sources.emplace_back(m_effects[k].relation);
    tbl->created_file = m_file_index;
    tbl->created_tx = m_tx;
    m_catalog.put(std::move(tbl));
  } else if (t == "CreatePolicyStmt" || t == "AlterPolicyStmt") {
    touch(relation_name(n["table"]), LockMode::AccessExclusive);
  } else if (t == "CreateStatsStmt") {
    for (Node rv : n["relations"]) {
      touch(relation_name(rv), LockMode::ShareUpdateExclusive);
      if (n["defnames"].size() > 0) m_catalog.put_object(list_name(n["defnames"]), relation_name(rv));
    }
  } else if (t == "MergeStmt") {
    touch(relation_name(n["relation"]), LockMode::RowExclusive);
    dml_relations(n["sourceRelation"], LockMode::AccessShare, true);
  } else if (t == "AlterSeqStmt" || t == "CreateSeqStmt") {
    for (Node opt : n["options"]) {
      if (opt["defname"].str() == "owned_by") {
        Node names = items(opt["arg"]);
        if (names.size() >= 2) touch(owner_table(names), LockMode::AccessShare);
      }
    }
  } else if (t == "AlterEnumStmt") {
    if (!n["oldVal"].str().empty()) {
      // RENAME VALUE
    } else {
      act(ActionKind::AddEnumValue, "", find_span({"add", "value"}), n).name = join_names(n["typeName"]);
    }
  } else if (t == "DropdbStmt") {
    act(ActionKind::DropDatabase, "", m_stmt->span, n).name = std::string(n["dbname"].str());
  } else if (t == "CreateEnumStmt") {
    act(ActionKind::CreateType, "", m_stmt->span, n).name = join_names(n["typeName"]);
  }
}

void Analyzer::transaction(Node n) {
  std::string_view kind = n["kind"].str();
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    m_info->tx_control = TxControl::Begin;
    if (!m_in_tx) {
      m_in_tx = true;
      m_tx = m_next_tx++;
      m_info->tx = m_tx;
      for (TimeoutState* t : {&m_timeout, &m_statement_timeout}) t->session_at_begin = t->session;
    }
  } else if (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_COMMIT_PREPARED" || kind == "TRANS_STMT_PREPARE") {
    m_info->tx_control = TxControl::Commit;
    m_in_tx = false;
    for (TimeoutState* t : {&m_timeout, &m_statement_timeout}) t->local.reset();
  } else if (kind == "TRANS_STMT_ROLLBACK" || kind == "TRANS_STMT_ROLLBACK_PREPARED") {
    m_info->tx_control = TxControl::Rollback;
    for (TimeoutState* t : {&m_timeout, &m_statement_timeout}) {
      if (m_in_tx) t->session = t->session_at_begin;
      t->local.reset();
    }
    m_in_tx = false;
  } else {
    m_info->tx_control = kind == "TRANS_STMT_SAVEPOINT" ? TxControl::Savepoint : TxControl::Other;
  }
}

TimeoutState* Analyzer::timeout_named(std::string_view name) {
  if (name == "lock_timeout") {
    m_info->sets_lock_timeout = true;
    return &m_timeout;
  }
  return name == "statement_timeout" ? &m_statement_timeout : nullptr;
}

void Analyzer::variable_set(Node n) {
  std::string_view kind = n["kind"].str();
  if (kind == "VAR_RESET_ALL") {
    for (TimeoutState* t : {&m_timeout, &m_statement_timeout}) t->set(false, false, m_in_tx);
    m_info->sets_lock_timeout = true;
    return;
  }
  TimeoutState* t = timeout_named(n["name"].str());
  if (t == nullptr) return;
  bool value = false;
  if (kind == "VAR_SET_VALUE") {
    Node args = n["args"];
    value = args.size() > 0 && nonzero_timeout(const_text(args.at(0)));
  }  // VAR_SET_DEFAULT, VAR_RESET: back to the default (0)
  t->set(value, n["is_local"].flag(), m_in_tx);
}

namespace {
// Is a constant true as a boolean argument: true, or a string PostgreSQL
// reads as true ('true', 'on', 'yes', 't', 'y', '1' in any case)?
bool true_constant(Node c) {
  while (c.is("TypeCast")) c = c["arg"];
  if (c["boolval"]["boolval"].flag()) return true;
  std::string s = const_text(c);
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s == "true" || s == "t" || s == "on" || s == "yes" || s == "y" || s == "1";
}
}  // namespace

// SELECT set_config('lock_timeout' or 'statement_timeout', v, is_local)
void Analyzer::select_set_config(Node n) {
  n.visit({"FuncCall"}, [&](Node call) {
    if (last_name(call["funcname"]) != "set_config") return true;  // its arguments may call it
    Node args = call["args"];
    if (args.size() != 3) return false;
    if (TimeoutState* t = timeout_named(const_text(args.at(0)))) {
      t->set(nonzero_timeout(const_text(args.at(1))), true_constant(args.at(2)), m_in_tx);
    }
    return false;
  });
}

// Every table a query reads (FROM, JOIN, sub-queries, CTEs), minus CTE names.
// A WITH clause follows the FROM clause in the tree, so the relations are
// noted in one pass and looked at once every CTE name of the part is known.
// CTE names are the statement's (INSERT, UPDATE and DELETE pass their WITH
// clause first); an unqualified name that one of them spells is the CTE, in
// whatever sub-query it appears. A CTE that inserts, updates or deletes
// (PostgreSQL allows one only in the statement's own WITH) is analysed as
// that statement, whatever the statement around it is.
void Analyzer::dml_relations(Node n, LockMode lock, bool scan) {
  const size_t first = m_rels.size();  // a data-modifying CTE calls back in
  n.visit({"RangeVar", "CommonTableExpr"}, [&](Node node) {
    if (node.is("CommonTableExpr")) {
      m_ctes.insert(node["ctename"].str());
      Node query = node["ctequery"];
      const bool modifies = query.is("InsertStmt") || query.is("UpdateStmt") || query.is("DeleteStmt");
      if (!modifies) return true;  // its query reads relations too
      const std::optional<uint32_t> outer = m_cte_at;
      m_cte_at = m_stmt->at(node.location());
      if (query.is("InsertStmt")) {
        insert(query);
      } else {
        update_or_delete(query, query.is("UpdateStmt"));
      }
      m_cte_at = outer;
      return false;
    }
    m_rels.push_back(node);
    return false;
  });
  for (size_t i = first; i < m_rels.size(); ++i) {
    Node rv = m_rels[i];
    if (rv["schemaname"].str().empty() && m_ctes.contains(rv["relname"].str())) {
      continue;
    }
    std::string rel = relation_name(rv);
    auto t = m_catalog.table(rel);
    if (t && t->kind == 'v') {
      for (const std::string& src : t->sources) touch(src, lock, false, scan);
    }
    touch(rel, lock, false, scan && !(t && t->kind == 'p'));
  }
  m_rels.resize(first);
}

void Analyzer::insert(Node n) {
  std::string rel = relation_name(n["relation"]);
  touch(rel, LockMode::RowExclusive);
  // A foreign key's check (SELECT .. FOR KEY SHARE on the referenced table)
  // runs only for rows whose key columns are all non-null (MATCH SIMPLE
  // skips a key with a null in it, MATCH FULL an all-null one). A key column
  // the INSERT leaves out gets its default, so a known column with no default
  // leaves the key null and the referenced table unlocked.
  if (auto t = m_catalog.table(rel)) {
    const bool default_values = !n["selectStmt"];  // INSERT .. DEFAULT VALUES
    std::vector<std::string_view> given;
    for (Node col : n["cols"]) given.push_back(col["name"].str());
    // ON CONFLICT DO UPDATE SET key = ..: the update checks the key too.
    for (Node set : n["onConflictClause"]["targetList"]) given.push_back(set["name"].str());
    auto left_null = [&](const std::string& name) {
      if (!default_values && (given.empty() || std::find(given.begin(), given.end(), name) != given.end())) {
        return false;
      }
      const Column* c = t->column(name);
      return c != nullptr && !c->has_default && !may_be_domain(c->type);
    };
    for (const Constraint& c : t->constraints) {
      if (c.type == "FOREIGN KEY" && std::none_of(c.columns.begin(), c.columns.end(), left_null)) {
        touch(c.references, LockMode::RowShare);
      }
    }
  }
  act(ActionKind::Insert, rel, m_stmt->span, n);
  dml_relations(n["withClause"], LockMode::AccessShare, true);
  dml_relations(n["selectStmt"], LockMode::AccessShare, true);
}

void Analyzer::update_or_delete(Node n, bool update) {
  std::string rel = relation_name(n["relation"]);
  bool has_where = static_cast<bool>(n["whereClause"]);
  m_recurse = n["relation"]["inh"].flag();
  touch_tree(rel, LockMode::RowExclusive, false, !where_indexed(n["whereClause"], rel));
  m_recurse = true;
  std::vector<std::string_view> targets;  // UPDATE's columns (in the tree, which outlives this)
  for (Node target : n["targetList"]) targets.push_back(target["name"].str());
  if (update) {
    fk_dml_locks(rel, &targets, false);
    fk_dml_locks(rel, &targets, true);
  } else {
    fk_dml_locks(rel, nullptr, true);
  }
  dml_relations(n["withClause"], LockMode::AccessShare, true);
  dml_relations(update ? n["fromClause"] : n["usingClause"], LockMode::AccessShare, true);
  dml_relations(n["whereClause"], LockMode::AccessShare, true);
  Action& a =
      act(update ? ActionKind::Update : ActionKind::Delete, rel, dml_keyword_span(update ? "update" : "delete"), n);
  a.has_where = has_where;
  if (update) {
    a.columns = keep_names(targets);
    // Copy the table (copy-on-write) only when a flag actually changes.
    auto current = m_catalog.table(rel);
    bool changes = current && std::any_of(a.columns.begin(), a.columns.end(), [&](std::string_view c) {
                     const Column* col = current->column(c);
                     return col != nullptr && !col->backfilled;
                   });
    current.reset();  // a reference held here would force the copy
    if (Table* t = changes ? m_catalog.edit(rel) : nullptr) {
      for (std::string_view c : a.columns) {
        if (Column* col = t->column(c)) col->backfilled = true;
      }
    }
  }
}

void Analyzer::vacuum(Node n) {
  bool full = false;
  bool is_vacuum = n["is_vacuumcmd"].flag();
  for (Node opt : n["options"]) {
    if (opt["defname"].str() == "full") {
      Node arg = opt["arg"];
      full = !arg || const_text(arg) != "0";
      if (arg && arg.is("String")) full = arg.str() != "false" && arg.str() != "off";
    }
  }
  std::vector<std::string> rels;
  for (Node vr : n["rels"]) rels.push_back(relation_name(vr["relation"]));
  if (rels.empty()) rels = m_catalog.all_tables();  // VACUUM / ANALYZE of the whole database
  for (const std::string& rel : rels) {
    if (full) {
      touch(rel, LockMode::AccessExclusive, true, true);
    } else {
      touch(rel, LockMode::ShareUpdateExclusive, false, false);
    }
  }
  if (is_vacuum) {
    std::string rel = n["rels"].size() > 0 ? relation_name(n["rels"].at(0)["relation"]) : std::string();
    act(ActionKind::Vacuum, rel, find_span({"vacuum"}), n).full = full;
  }
}

void Analyzer::create_table(Node n) {
  std::string rel = relation_name(n["relation"]);
  auto tbl = std::make_shared<Table>();
  tbl->name = rel;
  tbl->kind = n["partspec"] ? 'p' : 'r';
  tbl->created_file = m_file_index;
  tbl->created_tx = m_tx;
  tbl->tablespace = std::string(n["tablespacename"].str());
  bool partition_of = static_cast<bool>(n["partbound"]);
  tbl->default_partition = n["partbound"]["is_default"].flag();
  for (Node parent : n["inhRelations"]) {
    tbl->parent = relation_name(parent);
    touch(tbl->parent, partition_of ? LockMode::AccessExclusive : LockMode::ShareUpdateExclusive);
    // A new partition moves rows out of the default partition: it is scanned.
    if (partition_of) {
      for (const std::string& k : m_catalog.default_partitions(tbl->parent)) {
        touch(k, LockMode::AccessExclusive, false, true);
      }
    }
  }
  std::vector<Node> table_constraints;
  for (Node elt : n["tableElts"]) {
    if (elt.is("ColumnDef")) {
      Column col;
      col.name = std::string(elt["colname"].str());
      col.type = type_of(elt["typeName"]);
      col.origin = ColumnOrigin::WithTable;
      col.added_file = m_file_index;
      if (is_serial(col.type)) {
        col.not_null = true;
        col.has_default = true;
      }
      for (Node c : elt["constraints"]) {
        std::string_view ct = c["contype"].str();
        if (ct == "CONSTR_NOTNULL" || ct == "CONSTR_PRIMARY" || ct == "CONSTR_IDENTITY") col.not_null = true;
        if (ct == "CONSTR_DEFAULT" || ct == "CONSTR_IDENTITY" || ct == "CONSTR_GENERATED") col.has_default = true;
        if (ct == "CONSTR_FOREIGN") {
          std::string ref = relation_name(c["pktable"]);
          touch(ref, LockMode::ShareRowExclusive);
          Constraint k;
          k.type = "FOREIGN KEY";
          k.columns = {col.name};
          k.ref_columns = string_list(c["pk_attrs"]);
          k.references = ref;
          k.validated = !c["skip_validation"].flag();
          k.name = c["conname"].str().empty() ? default_constraint_name(rel, k.columns, k.type)
                                              : std::string(c["conname"].str());
          tbl->constraints.push_back(std::move(k));
        } else if (ct == "CONSTR_CHECK" || ct == "CONSTR_UNIQUE" || ct == "CONSTR_PRIMARY") {
          Constraint k;
          k.type = constraint_type_name(ct);
          k.columns = {col.name};
          k.not_null_column = ct == "CONSTR_CHECK" ? not_null_check_column(c["raw_expr"]) : std::string();
          k.name = c["conname"].str().empty() ? default_constraint_name(rel, k.columns, k.type)
                                              : std::string(c["conname"].str());
          tbl->constraints.push_back(std::move(k));
        }
      }
      tbl->columns.push_back(std::move(col));
    } else if (elt.is("Constraint")) {
      table_constraints.push_back(elt);
    } else if (elt.is("TableLikeClause")) {
      std::string src = relation_name(elt["relation"]);
      touch(src, LockMode::AccessShare);
      if (auto st = m_catalog.table(src)) {
        for (const Column& c : st->columns) tbl->columns.push_back(c);
      }
    }
  }
  for (Node c : table_constraints) {
    std::string_view ct = c["contype"].str();
    Constraint k;
    k.type = constraint_type_name(ct);
    k.columns = string_list(c["keys"]);
    if (ct == "CONSTR_FOREIGN") {
      k.references = relation_name(c["pktable"]);
      k.columns = string_list(c["fk_attrs"]);
      k.ref_columns = string_list(c["pk_attrs"]);
      k.validated = !c["skip_validation"].flag();
      touch(k.references, LockMode::ShareRowExclusive);
    }
    if (ct == "CONSTR_CHECK") {
      k.not_null_column = not_null_check_column(c["raw_expr"]);
      column_refs(c["raw_expr"], k.columns, 0);
    }
    k.name =
        c["conname"].str().empty() ? default_constraint_name(rel, k.columns, k.type) : std::string(c["conname"].str());
    if (ct == "CONSTR_PRIMARY") {
      for (const std::string& key : k.columns) {
        for (Column& col : tbl->columns) {
          if (col.name == key) col.not_null = true;
        }
      }
    }
    tbl->constraints.push_back(std::move(k));
  }
  act(ActionKind::CreateTable, rel, m_stmt->span, n);
  for (const Constraint& k : tbl->constraints) {
    if (k.type == "FOREIGN KEY") m_catalog.note_reference(k.references, rel);
  }
  m_catalog.put(std::move(tbl));
  m_actions.back().existing = false;
}

void Analyzer::alter_table(Node n) {
  std::string rel = relation_name(n["relation"]);
  std::string_view objtype = n["objtype"].str();
  bool is_index = objtype == "OBJECT_INDEX";
  if (objtype == "OBJECT_SEQUENCE" || objtype == "OBJECT_TYPE") return;
  m_recurse = n["relation"]["inh"].flag();
  for (Node cmd : n["cmds"]) alter_cmd(cmd, rel, is_index);
  m_recurse = true;
}

void Analyzer::alter_cmd(Node cmd, const std::string& rel, bool is_index) {
  std::string_view sub = cmd["subtype"].str();
  std::string col(cmd["name"].str());
  if (is_index) {
    // ALTER INDEX: locks the index; its table only in weak modes.
    return;
  }
  auto lock = LockMode::AccessExclusive;
  if (sub == "AT_AddColumn" || sub == "AT_AddColumnRecurse") {
    add_column(cmd["def"], rel, cmd);
    return;
  }
  if (sub == "AT_DropColumn" || sub == "AT_DropColumnRecurse") {
    touch_tree(rel, lock);
    Span sp = find_span({"drop", "column", col});
    if (sp == m_stmt->span) sp = find_span({"drop", "column", "if", "exists", col});
    if (sp == m_stmt->span) sp = find_span({"drop", col});
    act(ActionKind::DropColumn, rel, sp, cmd).name = col;
    if (auto before = m_catalog.table(rel)) {
      for (const Constraint& k : before->constraints) {
        if (k.type == "FOREIGN KEY" && std::find(k.columns.begin(), k.columns.end(), col) != k.columns.end()) {
          touch(k.references, LockMode::AccessExclusive);
        }
      }
    }
    if (Table* t = m_catalog.edit(rel)) {
      std::erase_if(t->columns, [&](const Column& c) { return c.name == col; });
      std::erase_if(t->constraints, [&](const Constraint& k) {
        return std::find(k.columns.begin(), k.columns.end(), col) != k.columns.end();
      });
    }
    return;
  }
  if (sub == "AT_AlterColumnType") {
    Node def = cmd["def"];
    TypeInfo nt = type_of(def["typeName"]);
    auto before = m_catalog.table(rel);
    const Column* oc = before ? before->column(col) : nullptr;
    Span sp = find_span({"alter", "column", col});
    if (sp == m_stmt->span) sp = find_span({"alter", col});
    Action& a = act(ActionKind::AlterColumnType, rel, sp, cmd);
    a.name = col;
    a.detail_mut().new_type = nt;
    Node using_expr = def["raw_default"];
    // USING col or USING col::newtype is no conversion at all.
    Node plain = using_expr;
    if (plain.is("TypeCast") && type_of(plain["typeName"]).display() == nt.display()) plain = plain["arg"];
    bool trivial_using = plain.is("ColumnRef") && last_name(plain["fields"]) == col;
    a.detail_mut().using_clause = using_expr && !trivial_using;
    if (oc) a.detail_mut().old_type = oc->type;
    bool coercible = !a.detail().using_clause && oc && binary_coercible(oc->type, nt);
    if (!coercible) {
      a.detail_mut().rewrite_reason =
          oc && oc->type.known()
              ? fmt::format("changing {} from {} to {} rewrites the table", col, oc->type.display(), nt.display())
              : fmt::format("changing the type of {} rewrites the table unless the change is binary coercible", col);
    }
    // Constraints on the column are re-verified: CHECKs by a scan, foreign
    // keys by re-validating against the other table.
    bool recheck = false;
    if (before) {
      for (const Constraint& k : before->constraints) {
        bool on_col = std::find(k.columns.begin(), k.columns.end(), col) != k.columns.end();
        if (!on_col) continue;
        if (k.type == "CHECK" && k.validated) recheck = true;
        if (k.type == "FOREIGN KEY") touch(k.references, LockMode::AccessExclusive, false, k.validated);
      }
      m_catalog.for_each_referencing(rel, [&](const Table& rt) {
        for (const Constraint& k : rt.constraints) {
          if (k.type != "FOREIGN KEY" || k.references != rel) continue;
          const std::vector<std::string>* refcols = &k.ref_columns;
          if (refcols->empty()) {
            for (const Constraint& pk : before->constraints) {
              if (pk.type == "PRIMARY KEY") refcols = &pk.columns;
            }
          }
          if (std::find(refcols->begin(), refcols->end(), col) != refcols->end()) {
            touch(rt, LockMode::AccessExclusive, false, k.validated);
          }
        }
      });
    }
    touch_tree(rel, lock, !coercible, !coercible || recheck);
    oc = nullptr;
    before.reset();  // not held across the change, which would copy the table
    if (Table* t = m_catalog.edit(rel)) {
      if (Column* c = t->column(col)) c->type = nt;
    }
    return;
  }
  if (sub == "AT_SetNotNull") {
    auto before = m_catalog.table(rel);
    bool has_check = before && before->has_validated_not_null_check(col);
    bool skip_scan = has_check && m_opts.pg_version >= 12;
    Span sp = find_span({"alter", "column", col});
    if (sp == m_stmt->span) sp = find_span({"alter", col});
    Action& a = act(ActionKind::SetNotNull, rel, sp, cmd, std::span<const std::string>(&col, 1));
    a.name = col;
    const Column* c = before ? before->column(col) : nullptr;
    bool already = c && c->not_null;
    touch_tree(rel, lock, false, !skip_scan && !already);
    before.reset();  // not held across the change, which would copy the table
    if (Table* t = m_catalog.edit(rel)) {
      if (Column* cc = t->column(col)) cc->not_null = true;
    }
    return;
  }
  if (sub == "AT_DropNotNull") {
    touch_tree(rel, lock);
    act(ActionKind::DropNotNull, rel, find_span({"drop", "not", "null"}), cmd).name = col;
    if (Table* t = m_catalog.edit(rel)) {
      if (Column* c = t->column(col)) c->not_null = false;
    }
    return;
  }
  if (sub == "AT_ColumnDefault") {
    touch_tree(rel, lock);
    bool has = cmd["def"] && !is_null_const(cmd["def"]);
    act(ActionKind::SetDefault, rel, find_span({"alter", "column", col}), cmd).name = col;
    if (Table* t = m_catalog.edit(rel)) {
      if (Column* c = t->column(col)) c->has_default = has;
    }
    return;
  }
  if (sub == "AT_AddConstraint" || sub == "AT_AddConstraintRecurse") {
    add_constraint(cmd["def"], rel, cmd);
    return;
  }
  if (sub == "AT_ValidateConstraint" || sub == "AT_ValidateConstraintRecurse") {
    auto before = m_catalog.table(rel);
    const Constraint* k = before ? before->constraint(col) : nullptr;
    bool pending = !(k && k->validated);
    touch_tree(rel, LockMode::ShareUpdateExclusive, false, pending);
    if (k && k->type == "FOREIGN KEY") touch(k->references, LockMode::RowShare, false, pending);
    Action& a = act(ActionKind::ValidateConstraint, rel, find_span({"validate", "constraint", col}), cmd);
    a.name = col;
    a.same_tx_not_valid = k && !k->validated && k->added_tx == m_tx && m_in_tx;
    k = nullptr;
    before.reset();  // not held across the change, which would copy the table
    if (Table* t = m_catalog.edit(rel)) {
      for (Constraint& c : t->constraints) {
        if (c.name == col) c.validated = true;
      }
    }
    return;
  }
  if (sub == "AT_DropConstraint" || sub == "AT_DropConstraintRecurse") {
    auto before = m_catalog.table(rel);
    const Constraint* k = before ? before->constraint(col) : nullptr;
    touch_tree(rel, lock);
    if (k && k->type == "FOREIGN KEY") touch(k->references, LockMode::AccessExclusive);
    act(ActionKind::DropConstraint, rel, find_span({"drop", "constraint"}), cmd).name = col;
    k = nullptr;
    before.reset();  // not held across the change, which would copy the table
    if (Table* t = m_catalog.edit(rel))
      std::erase_if(t->constraints, [&](const Constraint& c) { return c.name == col; });
    return;
  }
  if (sub == "AT_SetTableSpace") {
    std::string ts(cmd["name"].str());
    auto before = m_catalog.table(rel);
    std::string cur = before ? before->tablespace : std::string();
    bool same = (cur.empty() ? std::string("pg_default") : cur) == ts;
    touch_tree(rel, lock, !same, !same);
    act(ActionKind::SetTablespace, rel, find_span({"set", "tablespace"}), cmd).name = ts;
    before.reset();  // not held across the change, which would copy the table
    if (Table* t = m_catalog.edit(rel)) t->tablespace = ts == "pg_default" ? std::string() : ts;
    return;
  }
  if (sub == "AT_SetLogged" || sub == "AT_SetUnLogged") {
    touch_tree(rel, lock, true, true);
    act(ActionKind::SetLogged, rel, find_span({"set", sub == "AT_SetLogged" ? "logged" : "unlogged"}), cmd);
    return;
  }
  if (sub == "AT_SetAccessMethod") {
    auto before = m_catalog.table(rel);
    std::string cur = before && !before->access_method.empty() ? before->access_method : std::string("heap");
    bool change = cur != col;
    touch_tree(rel, lock, change, change);
    before.reset();  // not held across the change, which would copy the table
    if (Table* t = m_catalog.edit(rel)) t->access_method = col == "heap" ? std::string() : col;
    act(ActionKind::SetAccessMethod, rel, find_span({"set", "access", "method"}), cmd).name = col;
    return;
  }
  if (sub == "AT_AttachPartition") {
    Node pc = cmd["def"];
    std::string part = relation_name(pc["name"]);
    // The new partition is scanned to validate its bound unless a validated
    // CHECK constraint proves it (approximated: it has one), and to build the
    // parent's partitioned indexes it does not already have.
    auto pt0 = m_catalog.table(part);
    bool proven = pt0 && std::any_of(pt0->constraints.begin(), pt0->constraints.end(),
                                     [](const Constraint& k) { return k.type == "CHECK" && k.validated; });
    bool builds_index = m_catalog.has_index_missing_on(rel, part);
    touch(rel, LockMode::ShareUpdateExclusive);
    touch(part, LockMode::AccessExclusive, false, !proven || builds_index);
    // A default partition is scanned for rows that now belong to the new one.
    for (const std::string& k : m_catalog.default_partitions(rel)) touch(k, LockMode::AccessExclusive, false, true);
    if (part != rel && m_catalog.table(part)) {
      auto copy = std::make_shared<Table>(*m_catalog.table(part));
      copy->parent = rel;
      m_catalog.put(copy);
    }
    act(ActionKind::AttachPartition, rel, find_span({"attach", "partition"}), cmd).name = part;
    return;
  }
  if (sub == "AT_DetachPartition" || sub == "AT_DetachPartitionFinalize") {
    Node pc = cmd["def"];
    std::string part = relation_name(pc["name"]);
    bool conc = pc["concurrent"].flag() || sub == "AT_DetachPartitionFinalize";
    touch(rel, conc ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive);
    touch(part, LockMode::AccessExclusive);
    act(ActionKind::DetachPartition, rel, find_span({"detach", "partition"}), cmd).concurrent = conc;
    m_actions.back().name = part;
    return;
  }
  if (sub == "AT_ClusterOn" || sub == "AT_DropCluster") {
    if (Table* t = m_catalog.edit(rel)) t->clustered = sub == "AT_ClusterOn";
  }
  if (sub == "AT_SetStatistics" || sub == "AT_SetOptions" || sub == "AT_ResetOptions" || sub == "AT_ClusterOn" ||
      sub == "AT_DropCluster" || sub == "AT_SetRelOptions" || sub == "AT_ResetRelOptions" ||
      sub == "AT_ReplaceRelOptions") {
    touch_tree(rel, LockMode::ShareUpdateExclusive);
    return;
  }
  if (sub.starts_with("AT_EnableTrig") || sub.starts_with("AT_DisableTrig") || sub == "AT_EnableAlwaysTrig" ||
      sub == "AT_EnableReplicaTrig") {
    touch_tree(rel, LockMode::ShareRowExclusive);
    return;
  }
  if (sub == "AT_AddIndexConstraint") {
    add_constraint(cmd["def"], rel, cmd);
    return;
  }
  if (sub == "AT_AddInherit" || sub == "AT_DropInherit") {
    touch(rel, lock);
    Node parent = cmd["def"];
    touch(relation_name(parent), sub == "AT_AddInherit" ? LockMode::ShareUpdateExclusive : LockMode::AccessShare);
    return;
  }
  // Everything else in ALTER TABLE takes ACCESS EXCLUSIVE (AlterTableGetLockLevel).
  touch_tree(rel, lock);
}

void Analyzer::add_column(Node def, const std::string& rel, Node cmd) {
  Column col;
  col.name = std::string(def["colname"].str());
  col.type = type_of(def["typeName"]);
  col.added_file = m_file_index;
  bool not_null = false;
  bool has_default = false;
  bool null_default = false;
  std::string reason;
  std::string note;
  Node default_expr;
  std::vector<Node> constraints;
  if (is_serial(col.type)) {
    reason = fmt::format("{} column: its default nextval() is volatile, so every row is written", col.type.name);
    not_null = true;
    has_default = true;
  }
  for (Node c : def["constraints"]) {
    std::string_view ct = c["contype"].str();
    if (ct == "CONSTR_NOTNULL" || ct == "CONSTR_PRIMARY") not_null = true;
    if (ct == "CONSTR_DEFAULT") {
      default_expr = c["raw_expr"];
      if (is_null_const(default_expr)) {
        null_default = true;
      } else {
        has_default = true;
      }
    }
    if (ct == "CONSTR_IDENTITY") {
      not_null = true;
      has_default = true;
      reason = "an identity column: every existing row gets a sequence value";
    }
    if (ct == "CONSTR_GENERATED") {
      has_default = true;
      reason = "a stored generated column: every row is computed and written";
    }
    if (ct == "CONSTR_CHECK" || ct == "CONSTR_FOREIGN" || ct == "CONSTR_UNIQUE" || ct == "CONSTR_PRIMARY") {
      constraints.push_back(c);
    }
  }
  if (reason.empty() && has_default && default_expr) {
    Volatility v;
    scan_volatility(default_expr, v, 0);
    if (v.level == 'v') {
      reason = fmt::format("its default {} is volatile, so every existing row is written", v.volatile_fn);
    } else if (!v.unknown_fn.empty()) {
      note = fmt::format(
          "the volatility of {} is unknown to pgsafe; if it is volatile, adding the column rewrites the table",
          v.unknown_fn);
    }
  }
  if (reason.empty() && has_default && m_opts.pg_version < 11) {
    reason = "before PostgreSQL 11 any non-null default rewrites the table";
  }
  bool rewrite = !reason.empty();
  // Without a default, NOT NULL is checked against every row.
  bool scan = rewrite || (not_null && !has_default);
  for (Node c : constraints) {
    std::string_view ct = c["contype"].str();
    if (ct == "CONSTR_CHECK" || ct == "CONSTR_UNIQUE" || ct == "CONSTR_PRIMARY") scan = true;
  }
  touch_tree(rel, LockMode::AccessExclusive, rewrite, scan);
  Span sp = find_span({"add", "column", col.name});
  if (sp == m_stmt->span) sp = find_span({"add", "column", "if", "not", "exists", col.name});
  if (sp == m_stmt->span) sp = find_span({"add", col.name});
  Action& a = act(ActionKind::AddColumn, rel, sp, cmd);
  a.name = col.name;
  a.not_null = not_null;
  a.has_default = has_default;
  a.detail_mut().rewrite_reason = reason;
  a.detail_mut().note = note;
  a.detail_mut().new_type = col.type;
  col.not_null = not_null;
  col.has_default = has_default;
  col.origin = has_default ? ColumnOrigin::AddedWithDefault
                           : (not_null ? ColumnOrigin::AddedOther : ColumnOrigin::AddedNullable);
  (void)null_default;
  if (Table* t = m_catalog.edit(rel)) {
    std::erase_if(t->columns, [&](const Column& c) { return c.name == col.name; });
    t->columns.push_back(col);
  }
  for (Node c : constraints) add_constraint(c, rel, cmd, col.name);
}

void Analyzer::add_constraint(Node con, const std::string& rel, Node cmd, const std::string& column) {
  std::string_view ct = con["contype"].str();
  Constraint k;
  k.name = std::string(con["conname"].str());
  k.type = constraint_type_name(ct);
  k.validated = !con["skip_validation"].flag();
  k.added_file = m_file_index;
  k.added_tx = m_tx;
  k.columns = column.empty() ? string_list(con["keys"]) : std::vector<std::string>{column};
  std::string_view index_name = con["indexname"].str();
  bool using_index = !index_name.empty();
  if (ct == "CONSTR_FOREIGN") {
    k.references = relation_name(con["pktable"]);
    if (column.empty()) k.columns = string_list(con["fk_attrs"]);
    k.ref_columns = string_list(con["pk_attrs"]);
  }
  if (ct == "CONSTR_CHECK") {
    k.not_null_column = not_null_check_column(con["raw_expr"]);
    if (column.empty()) column_refs(con["raw_expr"], k.columns, 0);
  }
  auto before = m_catalog.table(rel);
  if (using_index) {
    if (const Index* idx = m_catalog.index(qualify(schema_of(rel), index_name))) k.columns = idx->columns;
  }
  if (k.name.empty()) k.name = default_constraint_name(rel, k.columns, k.type);

  Span sp = k.name.empty() ? Span{} : find_span({"add", "constraint", k.name});
  if (sp.empty() || sp == m_stmt->span) {
    sp = find_span({"add"});
  }
  if (!column.empty()) sp = find_span({"add", "column", column});
  std::vector<std::string> named = k.columns;
  if (!k.not_null_column.empty()) named.push_back(k.not_null_column);
  Action& a = act(ActionKind::AddConstraint, rel, sp, cmd, named);
  a.name = k.name;
  a.detail_mut().constraint_type = k.type;
  a.not_valid = !k.validated;
  a.columns = keep_names(k.columns);
  a.using_index = using_index;
  a.detail_mut().not_null_column = k.not_null_column;

  // A column added in this statement is all NULL: an inline foreign key on
  // it has nothing to validate.
  bool fk_check = k.validated && column.empty();
  if (ct == "CONSTR_FOREIGN") {
    m_catalog.note_reference(k.references, rel);
    touch_tree(rel, LockMode::ShareRowExclusive, false, fk_check);
    touch(k.references, LockMode::ShareRowExclusive, false, fk_check);
  } else if (ct == "CONSTR_CHECK") {
    touch_tree(rel, LockMode::AccessExclusive, false, k.validated);
  } else if (ct == "CONSTR_PRIMARY" || ct == "CONSTR_UNIQUE" || ct == "CONSTR_EXCLUSION") {
    bool scan = !using_index;
    if (ct == "CONSTR_PRIMARY") {
      // A primary key makes its columns NOT NULL, which PostgreSQL verifies by scanning.
      for (const std::string& c : k.columns) {
        const Column* col = before ? before->column(c) : nullptr;
        if (!col || !col->not_null) scan = true;
      }
    }
    touch_tree(rel, LockMode::AccessExclusive, false, scan);
  } else {
    touch_tree(rel, LockMode::AccessExclusive);
  }
  before.reset();  // not held across the change, which would copy the table
  if (Table* t = m_catalog.edit(rel)) {
    if (ct == "CONSTR_PRIMARY") {
      for (const std::string& c : k.columns) {
        if (Column* col = t->column(c)) col->not_null = true;
      }
    }
    t->constraints.push_back(std::move(k));
  }
}

void Analyzer::create_index(Node n) {
  std::string rel = relation_name(n["relation"]);
  bool conc = n["concurrent"].flag();
  m_recurse = n["relation"]["inh"].flag();  // CREATE INDEX ON ONLY
  touch_tree(rel, conc ? LockMode::ShareUpdateExclusive : LockMode::Share, false, true);
  m_recurse = true;
  Span sp = find_span({"create", "index"});
  if (sp == m_stmt->span) sp = find_span({"create", "unique", "index"});
  Action& a = act(ActionKind::CreateIndex, rel, sp, n);
  a.name = std::string(n["idxname"].str());
  a.concurrent = conc;
  a.unique = n["unique"].flag();
  Index idx;
  idx.name = qualify(schema_of(rel), a.name);
  idx.table = rel;
  idx.created_file = m_file_index;
  idx.created_tx = m_tx;
  idx.unique = a.unique;
  for (Node p : n["indexParams"]) idx.columns.emplace_back(p["name"].str());
  a.columns = keep_names(idx.columns);
  if (!a.name.empty()) m_catalog.put_index(std::move(idx));
}

void Analyzer::drop(Node n) {
  std::string_view type = n["removeType"].str();
  bool conc = n["concurrent"].flag();
  bool cascade = n["behavior"].str() == "DROP_CASCADE";
  for (Node obj : n["objects"]) {
    if (type == "OBJECT_TABLE" || type == "OBJECT_MATVIEW" || type == "OBJECT_VIEW" || type == "OBJECT_FOREIGN_TABLE") {
      std::string rel = list_name(obj);
      auto t = m_catalog.table(rel);
      if (t && t->kind == 'v') {
        m_catalog.drop_table(rel);
        continue;  // dropping a view locks no table
      }
      touch_tree(rel, LockMode::AccessExclusive);
      m_catalog.for_each_referencing(rel, [&](const Table& r) { touch(r, LockMode::AccessExclusive, false, false); });
      if (t) {
        for (const Constraint& k : t->constraints) {
          if (k.type == "FOREIGN KEY") touch(k.references, LockMode::AccessExclusive);
        }
      }
      if (type == "OBJECT_TABLE") {
        Action& a = act(ActionKind::DropTable, rel, find_span({"drop", "table"}), n);
        a.cascade = cascade;
      }
      m_catalog.drop_table(rel);
    } else if (type == "OBJECT_INDEX") {
      std::string name = list_name(obj);
      const Index* idx = m_catalog.index(name);
      std::string table = idx ? idx->table : std::string();
      if (!table.empty()) touch_tree(table, conc ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive);
      Action& a = act(ActionKind::DropIndex, table, find_span({"drop", "index"}), n);
      a.name = name;
      a.concurrent = conc;
      // An index created earlier in this file is new, like its table.
      if (idx && idx->created_file == m_file_index) a.existing = false;
      m_catalog.drop_index(name);
    } else if (type == "OBJECT_TRIGGER" || type == "OBJECT_RULE" || type == "OBJECT_POLICY") {
      touch(owner_table(obj), LockMode::AccessExclusive);
    } else if (type == "OBJECT_STATISTIC_EXT") {
      touch(m_catalog.object_table(list_name(obj)), LockMode::ShareUpdateExclusive);
    } else if (type == "OBJECT_SCHEMA") {
      Action& a = act(ActionKind::DropSchema, "", find_span({"drop", "schema"}), n);
      a.name = std::string(obj.str());
      a.cascade = cascade;
    } else if (type == "OBJECT_DATABASE") {
      act(ActionKind::DropDatabase, "", m_stmt->span, n).name = std::string(obj.str());
    }
  }
}

void Analyzer::rename(Node n) {
  std::string_view type = n["renameType"].str();
  std::string rel = relation_name(n["relation"]);
  std::string newname(n["newname"].str());
  if (type == "OBJECT_COLUMN") {
    std::string_view reltype = n["relationType"].str();
    if (reltype == "OBJECT_TABLE" || reltype == "OBJECT_FOREIGN_TABLE" || reltype == "OBJECT_MATVIEW" ||
        reltype == "OBJECT_VIEW") {
      m_recurse = n["relation"]["inh"].flag();
      touch_tree(rel, LockMode::AccessExclusive);
      m_recurse = true;
      std::string old(n["subname"].str());
      Span sp = find_span({"rename", "column", old});
      if (sp == m_stmt->span) sp = find_span({"rename", old});
      Action& a = act(ActionKind::RenameColumn, rel, sp, n);
      a.name = old;
      a.columns = keep_names(std::array<std::string_view, 1>{newname});
      if (Table* t = m_catalog.edit(rel)) {
        if (Column* c = t->column(old)) c->name = newname;
      }
    }
    return;
  }
  if (type == "OBJECT_TABLE" || type == "OBJECT_MATVIEW" || type == "OBJECT_VIEW" || type == "OBJECT_FOREIGN_TABLE") {
    touch(rel, LockMode::AccessExclusive);
    if (type == "OBJECT_TABLE") {
      Action& a = act(ActionKind::RenameTable, rel, find_span({"rename", "to"}), n);
      a.name = newname;
    }
    m_catalog.rename_table(rel, qualify(schema_of(rel), newname));
    return;
  }
  if (type == "OBJECT_TABCONSTRAINT") {
    touch(rel, LockMode::AccessExclusive);
    if (Table* t = m_catalog.edit(rel)) {
      for (Constraint& c : t->constraints) {
        if (c.name == n["subname"].str()) c.name = newname;
      }
    }
    return;
  }
  if (type == "OBJECT_INDEX") {
    m_catalog.rename_index(rel, qualify(schema_of(rel), newname));
    return;
  }
  if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE") {
    touch(rel, LockMode::AccessExclusive);
  }
}

}  // namespace

struct AnalysisStream::Impl {
  explicit Impl(const AnalysisOptions& opts) : analyzer(opts) {}
  Analyzer analyzer;
};

AnalysisStream::AnalysisStream(const AnalysisOptions& opts) : m_impl(std::make_unique<Impl>(opts)) {}
AnalysisStream::~AnalysisStream() = default;
void AnalysisStream::begin_file(const ParsedFile& file, size_t index, size_t expected) {
  m_impl->analyzer.begin_file(file, index);
  m_impl->analyzer.stmts_reserve(expected);
}
void AnalysisStream::add(const Statement& st) { m_impl->analyzer.add(st); }
std::span<const StmtInfo> AnalysisStream::stmts() const { return m_impl->analyzer.stmts(); }
ActionNodes AnalysisStream::action_nodes() const { return m_impl->analyzer.action_nodes(); }
void AnalysisStream::forget_trees() { m_impl->analyzer.forget_trees(); }
FileAnalysis AnalysisStream::end_file() { return m_impl->analyzer.end_file(); }
Catalog AnalysisStream::take_catalog() { return m_impl->analyzer.take_catalog(); }

}  // namespace pgsafe
