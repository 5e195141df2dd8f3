// See raw_tree.hpp. The tree is written in the tape format tree.hpp
// describes. Each distinct enum name and one-character string is stored once
// per tree and every use of it points at that copy, which keeps trees
// smaller (keys, the commonest strings, are not stored at all: a key word
// holds the key's number). Recursion follows the tree, whose depth
// PostgreSQL's parser bounds (it reports "memory exhausted" for deeper
// nesting).

// PostgreSQL's headers are C; this is the only file that includes them.
// postgres.h comes first, as PostgreSQL requires.
extern "C" {
#include "postgres.h"
}
extern "C" {
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "nodes/value.h"
}
// The node structs are read with these headers' layout: they must be
// PostgreSQL 15's, like the parser libpg_query is built from (checked below).
static_assert(PG_MAJORVERSION_NUM == 15, "raw_tree.cpp needs PostgreSQL 15's server headers");
// pg_query.h defines these too, with libpg_query's own (15.1) values.
#undef PG_MAJORVERSION
#undef PG_VERSION
#undef PG_VERSION_NUM

#include "raw_tree.hpp"

extern "C" {
#include <pg_query/pg_query_internal.h>
}
static_assert(PG_VERSION_NUM / 10000 == 15, "pgsafe needs libpg_query built from PostgreSQL 15 (15-x.y.z)");

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pgsafe/source.hpp"

namespace pgsafe {
namespace {

constexpr auto tag = Tree::tag;

bool valid_utf8(const char* s, size_t n) {
  // Nearly every string is ASCII: skip it eight bytes at a time.
  size_t i = 0;
  for (uint64_t w = 0; i + 8 <= n; i += 8) {
    std::memcpy(&w, s + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) break;
  }
  while (i < n && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i == n || invalid_utf8_at(std::string_view(s + i, n - i)) == std::string_view::npos;
}

using keys::Key;
using namespace keys;  // K_location, ...

// A growable array of trivially copyable T without std::vector's zero-filling
// on resize; the Writer's buffers, handed to the document when it is done.
template <class T>
class Grow {
 public:
  [[nodiscard]] size_t size() const { return m_size; }
  T& operator[](size_t i) { return m_data[i]; }
  // Empty, with room for n elements.
  void start(size_t n) {
    m_size = 0;
    if (m_cap < n) {
      m_data = std::make_unique_for_overwrite<T[]>(n);
      m_cap = n;
    }
  }
  // The elements written, taken by the caller.
  std::unique_ptr<T[]> take() {
    m_size = 0;
    m_cap = 0;
    return std::move(m_data);
  }
  void push(T v) {
    if (m_size == m_cap) [[unlikely]]
      grow(m_size + 1);
    m_data[m_size++] = v;
  }
  // n more elements, uninitialised.
  T* extend(size_t n) {
    if (m_size + n > m_cap) [[unlikely]]
      grow(m_size + n);
    T* p = m_data.get() + m_size;
    m_size += n;
    return p;
  }

 private:
  // Out of line, so that push() and extend(), which the writer calls for
  // every tape word, inline as a compare and a store. Doubling from a small
  // start: a tree's first buffer is sized to fit it (Writer::reset).
  [[gnu::noinline]] void grow(size_t need) {
    size_t cap = std::max<size_t>({need, 2 * m_cap, 256});
    auto data = std::make_unique_for_overwrite<T[]>(cap);
    if (m_size > 0) std::memcpy(data.get(), m_data.get(), m_size * sizeof(T));
    m_data = std::move(data);
    m_cap = cap;
  }
  std::unique_ptr<T[]> m_data;
  size_t m_size = 0;
  size_t m_cap = 0;
};

// Writes one document. Field writers follow libpg_query's JSON conventions:
// null pointers, zeros and false are left out; enums are written by name;
// a `Node *` field is wrapped as {"Type": {...}}, a typed field is not.
class Writer {
 public:
  // Starts a document for the tree of `sql_bytes` of SQL.
  void reset(size_t sql_bytes);
  [[nodiscard]] bool failed() const { return m_failed; }
  std::unique_ptr<Tree> finish();

  void root(const List* stmts);

  // One field of a node, by the field's kind in pg_query.proto.
  template <class F>
  void scalar(Key k, const F& v);
  template <class F>
  void node(Key k, const F& v);
  template <class F>
  void typed(Key k, const F& v);
  void list(Key k, const List* l);
  void list(Key k, const Bitmapset* b);
  // Enums are always written, by name (`names` holds indexes into k_enum_names).
  template <size_t N>
  void enumeration(Key k, int v, const std::array<uint16_t, N>& names) {
    enumeration(k, v >= 0 && static_cast<size_t>(v) < N ? names[static_cast<size_t>(v)] : uint16_t{0});
  }
  void enumeration(Key k, uint16_t name);

  // "k": {whatever body() writes}
  template <class Body>
  void object(Key k, Body&& body) {
    key(k);
    Scope s = open();
    body();
    close(s, '{');
  }

  // {"Type": {whatever body() writes}}
  template <class Body>
  void wrap(Key type, Body&& body) {
    Scope outer = open();
    object(type, body);
    close(outer, '{');
  }
  // {"Type": {fields}}
  template <class T>
  void wrapped(Key type, const T* n) {
    wrap(type, [&] { fields(n); });
  }
  // The fields of a node, unless the document has already failed.
  template <class T>
  void fields(const T* n) {
    if (!m_failed) write_body(*this, n);
  }

  // Any node, wrapped; {} for a null element of a list.
  void any_node(const Node* n);

  void key(Key k) {
    m_tape.push(Tree::key_word(k));
    ++m_count;
  }
  void string_value(std::string_view s) {
    if (!valid_utf8(s.data(), s.size())) m_failed = true;
    m_tape.push(tag('"') | add_string(s));
  }
  void int_value(int64_t v) {
    // One word when the value fits in the payload's 56 bits (Node
    // sign-extends it), else a word of tag and one of value.
    if (v >= -k_int_limit && v < k_int_limit) {
      m_tape.push(tag('i') | (static_cast<uint64_t>(v) & Tree::k_payload));
      return;
    }
    uint64_t* p = m_tape.extend(2);
    p[0] = tag('l');
    p[1] = static_cast<uint64_t>(v);
  }
  void boolean(Key k, bool v) {
    key(k);
    m_tape.push(tag(v ? 't' : 'f'));
  }

  struct Scope {
    size_t at;
    uint32_t outer_count;
  };
  Scope open() {
    Scope s{m_tape.size(), m_count};
    m_tape.push(0);
    m_count = 0;
    if (++m_depth > k_max_tree_depth) m_failed = true;
    return s;
  }
  // Nothing closes a container on the tape: its opening word says where it ends.
  void close(Scope s, char open_c) {
    const uint64_t count = std::min<uint32_t>(m_count, 0xFFFFFF);
    m_tape[s.at] = tag(open_c) | (count << 32) | m_tape.size();
    m_count = s.outer_count;
    --m_depth;
  }

 private:
  uint32_t add_string(std::string_view s) {
    const auto at = static_cast<uint32_t>(m_strings.size());
    const auto len = static_cast<uint32_t>(s.size());
    uint8_t* p = m_strings.extend(sizeof len + s.size() + 1);
    std::memcpy(p, &len, sizeof len);
    if (!s.empty()) std::memcpy(p + sizeof len, s.data(), s.size());
    p[sizeof len + s.size()] = 0;
    return at;
  }

  static constexpr int64_t k_int_limit = int64_t{1} << 55;

  Grow<uint64_t> m_tape;
  Grow<uint8_t> m_strings;
  // Tape entries and string bytes per byte of SQL in the last document, to
  // size the next one's buffers up front.
  double m_tape_per_byte = 0;
  double m_strings_per_byte = 0;
  size_t m_sql_bytes = 0;
  // `strings` offsets of the enum names and one-character strings written
  // so far, or k_none: each is stored once per document.
  std::vector<uint32_t> m_enum_at;
  std::array<uint32_t, 256> m_char_at{};
  uint32_t m_count = 0;  // fields or elements written in the open scope
  size_t m_depth = 0;
  bool m_failed = false;
  static constexpr uint32_t k_none = UINT32_MAX;
};

// The generated field writers, one per parse node type.
#include "generated/raw_nodes.inc"

inline void Writer::enumeration(Key k, uint16_t name) {
  key(k);
  uint32_t& at = m_enum_at[name];
  if (at == k_none) at = add_string(k_enum_names[name]);
  m_tape.push(tag('"') | at);
}

void write_body(Writer& w, const Integer* n) { w.scalar(K_ival, n->ival); }
void write_body(Writer& w, const Float* n) { w.scalar(K_fval, n->fval); }
// Unlike other booleans, a Boolean node's value is written when false too.
void write_body(Writer& w, const Boolean* n) { w.boolean(K_boolval, n->boolval); }
void write_body(Writer& w, const String* n) { w.scalar(K_sval, n->sval); }
void write_body(Writer& w, const BitString* n) { w.scalar(K_bsval, n->bsval); }

// {"ival": {"ival": 1}, "location": 7}, {"isnull": true, "location": 9}, ...
void write_body(Writer& w, const A_Const* n) {
  if (n->isnull) {
    w.scalar(K_isnull, n->isnull);
  } else {
    switch (nodeTag(&n->val)) {
      case T_Integer:
        w.typed(K_ival, &n->val.ival);
        break;
      case T_Float:
        w.typed(K_fval, &n->val.fval);
        break;
      case T_Boolean:
        // Here, unlike in a Boolean node, false is left out: {"boolval": {}}.
        w.object(K_boolval, [&] { w.scalar(K_boolval, n->val.boolval.boolval); });
        break;
      case T_String:
        w.typed(K_sval, &n->val.sval);
        break;
      case T_BitString:
        w.typed(K_bsval, &n->val.bsval);
        break;
      default:
        break;
    }
  }
  w.scalar(K_location, n->location);
}

void Writer::reset(size_t sql_bytes) {
  // Room for a tree a quarter larger than the last one, per byte of SQL: the
  // document takes the buffers as they are, so a tree that fits is never
  // copied, and one that does not is copied once or twice while growing.
  // The small fixed part (64 words, 256 bytes: about a one-statement tree)
  // matters for small files: with 4 KB of each, every small file's tree
  // spread over pages it never used, and the 3,620-file corpus took 500 more
  // page faults and 4 ms more CPU.
  m_sql_bytes = sql_bytes;
  m_tape.start(static_cast<size_t>(static_cast<double>(sql_bytes) * m_tape_per_byte * 1.25) + 64);
  m_strings.start(static_cast<size_t>(static_cast<double>(sql_bytes) * m_strings_per_byte * 1.25) + 256);
  m_enum_at.assign(k_enum_names.size(), k_none);
  m_char_at.fill(k_none);
  m_count = 0;
  m_depth = 0;
  m_failed = false;
}

template <class F>
void Writer::scalar(Key k, const F& v) {
  if constexpr (std::is_same_v<F, char*> || std::is_same_v<F, const char*>) {
    if (v == nullptr) return;
    key(k);
    string_value(v);
  } else if constexpr (std::is_same_v<F, char>) {
    if (v == 0) return;
    key(k);
    uint32_t& at = m_char_at[static_cast<unsigned char>(v)];
    if (at == k_none) {
      if (static_cast<unsigned char>(v) >= 0x80) m_failed = true;  // not UTF-8 on its own
      at = add_string(std::string_view(&v, 1));
    }
    m_tape.push(tag('"') | at);
  } else if constexpr (std::is_same_v<F, bool>) {
    if (!v) return;
    key(k);
    m_tape.push(tag('t'));
  } else if constexpr (std::is_floating_point_v<F>) {
    if (v == 0) return;
    key(k);
    m_tape.push(tag('d'));
    uint64_t bits = 0;
    const double d = v;
    std::memcpy(&bits, &d, sizeof bits);
    m_tape.push(bits);
  } else {
    static_assert(std::is_integral_v<F> || std::is_enum_v<F>);
    if (v == 0) return;
    key(k);
    if constexpr (std::is_unsigned_v<F> && sizeof(F) == 8) {
      if (v > static_cast<uint64_t>(INT64_MAX)) {
        m_tape.push(tag('u'));
        m_tape.push(v);
        return;
      }
    }
    int_value(static_cast<int64_t>(v));
  }
}

template <class F>
void Writer::node(Key k, const F& v) {
  // An embedded `Expr xpr` header is not a field of its own.
  if constexpr (std::is_pointer_v<F>) {
    if (v == nullptr) return;
    key(k);
    any_node(reinterpret_cast<const Node*>(v));
  }
}

template <class F>
void Writer::typed(Key k, const F& v) {
  if constexpr (std::is_pointer_v<F>) {
    if (v != nullptr) object(k, [&] { fields(v); });
  } else {
    object(k, [&] { fields(&v); });  // a struct embedded in its parent
  }
}

void Writer::list(Key k, const List* l) {
  if (l == nullptr) return;
  key(k);
  Scope s = open();
  const NodeTag t = nodeTag(l);
  for (int i = 0; i < l->length && !m_failed; ++i) {
    ++m_count;
    if (t == T_List) {
      any_node(static_cast<const Node*>(l->elements[i].ptr_value));
    } else {
      // Integer and OID lists hold numbers, not nodes.
      const int64_t v = t == T_IntList ? l->elements[i].int_value : static_cast<int64_t>(l->elements[i].oid_value);
      wrap(K_Integer, [&] { scalar(K_ival, v); });
    }
  }
  close(s, '[');
}

// A set of numbers, as an array of numbers (planner fields; not in raw parse trees).
void Writer::list(Key k, const Bitmapset* b) {
  if (b == nullptr) return;
  key(k);
  Scope s = open();
  for (int i = 0; i < b->nwords; ++i) {
    for (int bit = 0; bit < BITS_PER_BITMAPWORD; ++bit) {
      if ((b->words[i] >> bit) & 1) {
        ++m_count;
        int_value(static_cast<int64_t>(i) * BITS_PER_BITMAPWORD + bit);
      }
    }
  }
  close(s, '[');
}

void Writer::any_node(const Node* n) {
  if (n == nullptr) {
    close(open(), '{');
    return;
  }
  switch (nodeTag(n)) {
    case T_Integer:
      wrapped(K_Integer, reinterpret_cast<const Integer*>(n));
      return;
    case T_Float:
      wrapped(K_Float, reinterpret_cast<const Float*>(n));
      return;
    case T_Boolean:
      wrapped(K_Boolean, reinterpret_cast<const Boolean*>(n));
      return;
    case T_String:
      wrapped(K_String, reinterpret_cast<const String*>(n));
      return;
    case T_BitString:
      wrapped(K_BitString, reinterpret_cast<const BitString*>(n));
      return;
    case T_A_Const:
      wrapped(K_A_Const, reinterpret_cast<const A_Const*>(n));
      return;
    case T_List:
    case T_IntList:
    case T_OidList:
      wrap(nodeTag(n) == T_List      ? K_List
           : nodeTag(n) == T_IntList ? K_IntList
                                     : K_OidList,
           [&] { list(K_items, reinterpret_cast<const List*>(n)); });
      return;
    default:
      if (!write_generated(*this, n)) m_failed = true;  // a node type pg_query.proto does not know
      return;
  }
}

void Writer::root(const List* stmts) {
  m_tape.push(0);  // the root word, written last
  Scope s = open();
  key(K_version);
  int_value(PG_VERSION_NUM);  // pg_query.h's: the PostgreSQL release libpg_query is built from
  key(K_stmts);
  Scope arr = open();
  for (int i = 0; stmts != nullptr && i < stmts->length && !m_failed; ++i) {
    ++m_count;
    Scope raw = open();
    write_body(*this, static_cast<const RawStmt*>(stmts->elements[i].ptr_value));
    close(raw, '{');
  }
  close(arr, '[');
  close(s, '{');
}

std::unique_ptr<Tree> Writer::finish() {
  m_tape[0] = tag('r') | m_tape.size();
  if (m_sql_bytes > 0) {
    m_tape_per_byte = static_cast<double>(m_tape.size()) / static_cast<double>(m_sql_bytes);
    m_strings_per_byte = static_cast<double>(m_strings.size()) / static_cast<double>(m_sql_bytes);
  }
  auto tree = std::make_unique<Tree>();
  tree->tape = m_tape.take();
  tree->strings = m_strings.take();
  return tree;
}

}  // namespace

RawParse::RawParse(const char* sql) {
  MemoryContext ctx = pg_query_enter_memory_context();
  PgQueryInternalParsetreeAndError r = pg_query_raw_parse(sql);
  free(r.stderr_buffer);  // NOLINT: allocated by libpg_query with malloc
  m_error = r.error;
  if (m_error == nullptr) {
    // One writer per thread, reused: it sizes each tree's buffers from the last.
    thread_local Writer w;
    w.reset(std::strlen(sql));
    w.root(r.tree);
    if (!w.failed()) m_tree = w.finish();
  }
  pg_query_exit_memory_context(ctx);
}

RawParse::~RawParse() {
  if (m_error != nullptr) pg_query_free_error(m_error);
}

// Declared in pgsafe/parse.hpp, which this file cannot include: its Node
// would clash with PostgreSQL's.
std::string_view lasting_node_type(std::string_view type) {
  // Looked up once per statement: a binary search over every key name took
  // a few hundred instructions, and a hash set built at run time cost a
  // tenth of a one-statement run. So: a hash table built by the compiler.
  constexpr auto hash = [](std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
  };
  constexpr size_t slots = 2048;
  static_assert(k_key_names.size() * 2 <= slots);
  constexpr uint16_t empty = UINT16_MAX;
  static constexpr std::array<uint16_t, slots> k_table = [&] {
    std::array<uint16_t, slots> t{};
    t.fill(empty);
    for (size_t i = 0; i < k_key_names.size(); ++i) {
      size_t at = hash(k_key_names[i]) & (slots - 1);
      while (t[at] != empty) at = (at + 1) & (slots - 1);
      t[at] = static_cast<uint16_t>(i);
    }
    return t;
  }();
  for (size_t at = hash(type) & (slots - 1); k_table[at] != empty; at = (at + 1) & (slots - 1)) {
    if (k_key_names[k_table[at]] == type) return k_key_names[k_table[at]];
  }
  return {};
}

}  // namespace pgsafe
