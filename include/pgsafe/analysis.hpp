// Analysis: what each statement does to the live database.
//
// One ordered pass over every file of the migration set. For each statement
// it records the transaction and lock_timeout state it runs under, its
// effects (per relation: the strongest lock it takes, whether the table is
// rewritten, whether it is scanned) and its actions (the schema changes it
// makes, with the catalog state they were made against). This is the one
// model of PostgreSQL behaviour: rules and `pgsafe explain` only read it.
// The lock oracle test checks every effect against a real PostgreSQL server.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "pgsafe/catalog.hpp"
#include "pgsafe/diagnostic.hpp"
#include "pgsafe/parse.hpp"

namespace pgsafe {

// PostgreSQL's table lock modes, weakest to strongest.
enum class LockMode : uint8_t {
  None,
  AccessShare,
  RowShare,
  RowExclusive,
  ShareUpdateExclusive,
  Share,
  ShareRowExclusive,
  Exclusive,
  AccessExclusive,
};

std::string_view lock_name(LockMode m);      // "AccessExclusiveLock", as pg_locks.mode
std::string_view lock_sql_name(LockMode m);  // "ACCESS EXCLUSIVE"
bool conflicts(LockMode a, LockMode b);
// What a lock stops other sessions from doing while it is held or queued:
// reads (conflicts with SELECT's AccessShareLock), writes (with INSERT/
// UPDATE/DELETE's RowExclusiveLock), ddl (with ShareUpdateExclusiveLock:
// VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY and every stronger DDL lock).
std::vector<std::string_view> blocked_operations(LockMode m);

struct Effect {
  std::string_view relation;  // "orders" or "schema.orders" (public is left out); see NamePool
  LockMode lock = LockMode::None;
  bool rewrite = false;  // the table gets new storage (its relfilenode changes)
  bool scan = false;     // the table is read in full (a rewrite counts)
  bool existing = true;  // not created earlier in the same file
};

enum class ActionKind : uint8_t {
  AddColumn,
  DropColumn,
  RenameColumn,
  RenameTable,
  AlterColumnType,
  SetNotNull,
  DropNotNull,
  SetDefault,
  AddConstraint,
  ValidateConstraint,
  DropConstraint,
  CreateIndex,
  DropIndex,
  Reindex,
  CreateTable,
  DropTable,
  Truncate,
  Update,
  Delete,
  Insert,
  Vacuum,
  Cluster,
  SetTablespace,
  SetLogged,
  SetAccessMethod,
  RefreshMatView,
  AttachPartition,
  DetachPartition,
  AddEnumValue,
  DropDatabase,
  DropSchema,
  CreateType,
  Other,
};

// The fields only a few kinds of action fill in (constraints, column types,
// rewrites), kept out of line: most actions are UPDATEs, DELETEs, index
// builds and the like, and Action stays small (a large migration has tens of
// thousands of them).
struct ActionDetail {
  SharedText constraint_type;  // AddConstraint: "CHECK", "FOREIGN KEY", "UNIQUE", "PRIMARY KEY", "EXCLUDE"
  SharedText not_null_column;  // AddConstraint CHECK (c IS NOT NULL): c
  SharedText rewrite_reason;   // why this action rewrites the table ("" if it does not)
  SharedText note;             // extra detail for messages (e.g. unknown volatility)
  TypeInfo old_type;           // AlterColumnType: the type before, if known
  TypeInfo new_type;           // AlterColumnType, AddColumn: the column's type
  bool using_clause = false;   // AlterColumnType with USING
};

// One thing a statement does. Fields not meaningful for a kind stay empty.
// (The flags come right after the kind, where they fill what would
// otherwise be padding, and the node index after the span: a large
// migration holds tens of thousands of actions.)
struct Action {
  ActionKind kind = ActionKind::Other;
  bool existing = true;            // the table was not created earlier in this file
  bool concurrent = false;         // CONCURRENTLY
  bool not_valid = false;          // constraint added NOT VALID
  bool not_null = false;           // ADD COLUMN .. NOT NULL
  bool has_default = false;        // ADD COLUMN with a non-null DEFAULT
  bool cascade = false;            // CASCADE
  bool has_where = false;          // UPDATE/DELETE with a WHERE clause
  bool unique = false;             // a unique index
  bool full = false;               // VACUUM FULL
  bool using_index = false;        // ADD CONSTRAINT .. USING INDEX
  bool same_tx_not_valid = false;  // VALIDATE of a constraint added NOT VALID in this transaction
  Span span;                       // where in the file to point
  // Which of the analysis's nodes is this action's parse-tree node: read it
  // with RuleContext::node(). (A Node here took 16 bytes an action for the
  // whole run, though only Statements-scope checks can read it.)
  uint32_t node_index = UINT32_MAX;
  std::string_view table;  // the relation acted on; see NamePool
  SharedText name;         // column, constraint or index name
  // Constraint / index columns; UPDATE targets. Interned, like `table`, in
  // the FileAnalysis's storage (a vector of strings per action cost an
  // allocation for most UPDATEs and index builds).
  std::span<const std::string_view> columns;
  // The table as it was before this statement, for the kinds for which
  // keeps_table_before() says so (null for the others), reduced to what
  // their rules read: the table's own fields, the columns the action names
  // (name, columns, the NOT NULL check's column) and the validated NOT NULL
  // checks on them. A whole copy per action was quadratic in memory.
  std::unique_ptr<const Table> before;
  std::unique_ptr<ActionDetail> extra;  // null while no detail is set

  // The details; all empty when none were set.
  [[nodiscard]] const ActionDetail& detail() const;
  // The details, to set them.
  ActionDetail& detail_mut();
};

// Whether an action of this kind keeps Action::before: only those whose
// rules read it.
constexpr bool keeps_table_before(ActionKind k) {
  return k == ActionKind::SetNotNull || k == ActionKind::AddConstraint || k == ActionKind::DropIndex ||
         k == ActionKind::Reindex;
}

enum class TxControl : uint8_t { None, Begin, Commit, Rollback, Savepoint, Other };

// (The transaction and the flags share one word: a large migration has
// tens of thousands of statements.)
struct StmtInfo {
  const Statement* stmt = nullptr;
  std::string_view kind;  // the node type, e.g. "AlterTableStmt"; "" on a syntax error
  uint32_t tx = 0;        // the transaction it runs in (autocommit: its own)
  TxControl tx_control = TxControl::None;
  bool in_transaction : 1 = false;     // runs inside a transaction block (explicit or assumed)
  bool lock_timeout : 1 = false;       // a non-zero lock_timeout is in effect when it runs
  bool statement_timeout : 1 = false;  // a non-zero statement_timeout is in effect when it runs
  bool sets_lock_timeout : 1 = false;  // SET/RESET/set_config of lock_timeout (or RESET ALL)
  // Both point into their FileAnalysis's storage (see Stored).
  std::span<const Effect> effects;  // one per relation, strongest lock
  std::span<const Action> actions;

  [[nodiscard]] const Effect* effect_on(std::string_view rel) const;
  [[nodiscard]] LockMode strongest_lock_on_existing() const;
};

struct AnalysisOptions {
  int pg_version = 15;
  bool assume_in_transaction = false;
};

// Where a file's effects, actions and actions' column names are kept, each
// statement's (or action's) contiguous: blocks that never move what they
// hold, so each StmtInfo refers to its own with a span. One vector per
// statement cost an allocation (with its header and spare capacity) per
// statement for each; a large migration has tens of thousands of them.
template <class T>
class Stored {
 public:
  // Moves `items` into the store, contiguous, leaves `items` empty and
  // returns where they are now.
  std::span<const T> append(std::vector<T>& items) {
    if (items.empty()) return {};
    if (m_blocks.empty() || m_blocks.back().capacity() - m_blocks.back().size() < items.size()) {
      // Blocks grow with what is stored, up to k_block_bytes, so a file
      // of a few statements takes little.
      const size_t cap = std::max({size_t{4}, std::min(m_total, k_block_bytes / sizeof(T)), items.size()});
      m_blocks.emplace_back().reserve(cap);
    }
    std::vector<T>& b = m_blocks.back();
    const size_t at = b.size();
    for (T& x : items) b.push_back(std::move(x));  // within the capacity: b's data stays where it is
    m_total += items.size();
    items.clear();
    return {b.data() + at, b.size() - at};
  }

 private:
  static constexpr size_t k_block_bytes = 32 * 1024;
  std::vector<std::vector<T>> m_blocks;  // moving one keeps its elements where they are
  size_t m_total = 0;
};

// The relation and column names a file's effects and actions refer to, each
// kept once: a migration names the same tables and columns over and over,
// and a name longer than a std::string holds inline took an allocation for
// every effect and action. A name stays where it is for the pool's life,
// moves included.
class NamePool {
 public:
  std::string_view intern(std::string_view name) {
    if (name.empty()) return {};
    auto it = m_names.find(name);
    if (it == m_names.end()) it = m_names.emplace(name).first;
    return *it;
  }

 private:
  std::unordered_set<std::string, NameHash, std::equal_to<>> m_names;
};

struct FileAnalysis {
  const ParsedFile* file = nullptr;
  size_t file_index = 0;
  std::vector<StmtInfo> stmts;            // parallel to file->statements
  Stored<Effect> effects;                 // what stmts[i].effects points into
  Stored<Action> actions;                 // what stmts[i].actions points into
  Stored<std::string_view> column_names;  // what Action::columns points into
  NamePool names;                         // what the relation and column names point into
  bool open_at_end = false;               // a transaction was still open at the end of the file
  Span open_begin;                        // the BEGIN that was never closed
};

// The parse-tree nodes of the actions analysed since the trees were last
// freed: action i's (Action::node_index) is nodes[i - first].
struct ActionNodes {
  std::span<const Node> nodes;
  uint32_t first = 0;
  // The action's node; empty once its tree is freed.
  [[nodiscard]] Node of(const Action& a) const {
    const uint32_t i = a.node_index - first;  // wraps around for an older action
    return i < nodes.size() ? nodes[i] : Node();
  }
};

// The analysis, fed one statement at a time, so it can start on a file's
// first statements while later ones are still being parsed. Files go in
// migration order: begin_file, add() each statement in order (each must
// stay at its address until end_file), end_file. StmtInfo::stmt points at
// the statements as added.
class AnalysisStream {
 public:
  explicit AnalysisStream(const AnalysisOptions& opts);
  ~AnalysisStream();
  AnalysisStream(const AnalysisStream&) = delete;
  AnalysisStream& operator=(const AnalysisStream&) = delete;

  // `expected`: about how many statements the file has, to size the result.
  void begin_file(const ParsedFile& file, size_t index, size_t expected = 0);
  void add(const Statement& st);
  // The current file's statements analysed so far.
  [[nodiscard]] std::span<const StmtInfo> stmts() const;
  // The nodes of the actions analysed since the last forget_trees().
  [[nodiscard]] ActionNodes action_nodes() const;
  // The parse trees of the statements analysed so far are about to be
  // freed: drops the action nodes that point into them.
  void forget_trees();
  FileAnalysis end_file();
  // The catalog as the migrations so far leave it, moved out of the stream.
  [[nodiscard]] Catalog take_catalog();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Function volatility from PostgreSQL's pg_proc: 'i', 's', 'v', or 0 if unknown.
char builtin_volatility(std::string_view function_name);

}  // namespace pgsafe
