// Read-only view of a libpg_query parse tree node.
//
// A parse tree (tree.hpp) is shaped like libpg_query's JSON form of the tree:
// RawParse (src/raw_tree.hpp) writes PostgreSQL's node structs straight into
// that form, on a tape of its own, without printing or parsing any JSON. A
// `Node` is a position on that tape and reads it directly; rules never see
// the tape. Field names are checked at compile time (FieldKey). Conventions
// of the form that `Node` hides:
//  - a `Node *` field holds a one-key object {"TypeName": {...fields...}},
//    while a typed struct field (e.g. `RangeVar *relation`) holds the fields
//    directly; `operator[]` looks through the wrapper either way;
//  - fields equal to 0, false or null are omitted, so missing means zero;
//  - enums are spelled by name ("AT_DropColumn"), which is what we match.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "pgsafe/tree.hpp"

namespace pgsafe {

// A field (or node type) name, looked up in keys::k_key_names when the
// program is compiled: `node["relation"]` does not compile unless some parse
// tree can have a "relation" key, and at run time it is a small number.
class FieldKey {
 public:
  template <size_t N>
  consteval FieldKey(const char (&name)[N])  // NOLINT(google-explicit-constructor): node["field"]
      : m_id(find(std::string_view(name, N - 1))) {}
  // A key chosen at run time (tests do this).
  explicit constexpr FieldKey(keys::Key id) : m_id(id) {}
  [[nodiscard]] constexpr keys::Key id() const { return m_id; }

  // The key of that name, if a parse tree can have it (a binary search).
  static constexpr std::optional<keys::Key> lookup(std::string_view name) {
    const auto& names = keys::k_key_names;
    size_t lo = 0;
    size_t hi = names.size();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (names[mid] < name) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == names.size() || names[lo] != name) return std::nullopt;
    return static_cast<keys::Key>(lo);
  }

 private:
  static consteval keys::Key find(std::string_view name) {
    // Not a constant expression, so a compile error: no parse tree has this key.
    if (!lookup(name)) throw "no parse tree has a key of this name";
    return *lookup(name);
  }
  keys::Key m_id;
};

class Node {
 public:
  Node() = default;
  // The root of a tree, {"version": ..., "stmts": [...]}.
  explicit Node(const Tree& tree) : m_tree(&tree), m_at(1) {}

  [[nodiscard]] explicit operator bool() const { return m_tree != nullptr; }

  // "AlterTableStmt" for {"AlterTableStmt": {...}}, "" for anything else.
  [[nodiscard]] std::string_view type() const {
    return wrapped() ? keys::k_key_names[tape()[m_at + 1] & Tree::k_payload] : std::string_view();
  }
  // Whether this is {"<type>": {...}}.
  [[nodiscard]] bool is(FieldKey type) const { return wrapped() && tape()[m_at + 1] == Tree::key_word(type.id()); }
  // The fields of a wrapped node, or the node itself.
  [[nodiscard]] Node body() const { return wrapped() ? Node(m_tree, m_at + 2) : *this; }
  // A field of the node's body; empty if it has none of that name.
  [[nodiscard]] Node operator[](FieldKey field) const;

  // A string field's value; also reads String/sval wrappers. "" if absent.
  [[nodiscard]] std::string_view str() const;
  [[nodiscard]] int64_t num(int64_t fallback = 0) const {
    const char k = kind();
    if (k == 'i') return static_cast<int64_t>(tape()[m_at] << 8) >> 8;  // sign-extended from 56 bits
    return k == 'l' || k == 'u' ? static_cast<int64_t>(tape()[m_at + 1]) : fallback;
  }
  [[nodiscard]] bool flag() const { return kind() == 't'; }
  // The node's 0-based byte location in the parsed text, 0 when absent.
  [[nodiscard]] int location() const { return static_cast<int>((*this)["location"].num(0)); }

  class Iterator {
   public:
    Iterator(const Tree* tree, size_t at) : m_tree(tree), m_at(at) {}
    Node operator*() const { return {m_tree, m_at}; }
    Iterator& operator++() {
      m_at = after(m_tree->tape.get(), m_at);
      return *this;
    }
    bool operator!=(const Iterator& o) const { return m_at != o.m_at; }

   private:
    const Tree* m_tree;
    size_t m_at;
  };
  // Iterates an array field; empty for anything else.
  [[nodiscard]] Iterator begin() const { return is_array() ? Iterator(m_tree, m_at + 1) : Iterator(nullptr, 0); }
  [[nodiscard]] Iterator end() const { return is_array() ? Iterator(m_tree, end_at()) : Iterator(nullptr, 0); }
  [[nodiscard]] size_t size() const;
  [[nodiscard]] Node at(size_t i) const;

  // Calls f(key, child) for each field of the node's body, in order.
  template <class F>
  void for_each_field(F&& f) const {
    const Node b = body();
    if (!b.is_object()) return;
    const uint64_t* t = tape();
    for (size_t i = b.m_at + 1, end = b.end_at(); i < end; i = after(t, i + 1))
      f(keys::k_key_names[t[i] & Tree::k_payload], Node(m_tree, i + 1));
  }

  [[nodiscard]] bool is_array() const { return kind() == '['; }
  [[nodiscard]] bool is_object() const { return kind() == '{'; }

  // Visits every node of one of `types` inside this element, itself
  // included, in the order a depth-first walk meets them: f(node) returns
  // whether to look inside that node too. One pass over the tape words,
  // with no recursion, so however deep the tree it needs no depth limit.
  // At most four types, checked when the call is compiled.
  //
  // Constants, column references and names hold only each other (see
  // k_leaf_types), so unless one of them is wanted, the walk steps over
  // them whole: in expressions and VALUES lists they are most of the words.
  template <size_t N, class F>
  void visit(const FieldKey (&types)[N], F&& f) const {
    static_assert(N >= 1 && N <= 4, "Node::visit takes one to four node types");
    if (m_tree == nullptr || (kind() != '{' && kind() != '[')) return;
    uint64_t want[N];
    bool wants_leaf = false;
    for (size_t j = 0; j < N; ++j) {
      const keys::Key k = types[j].id();
      wants_leaf =
          wants_leaf || std::find(std::begin(k_leaf_types), std::end(k_leaf_types), k) != std::end(k_leaf_types);
      want[j] = Tree::key_word(k);
    }
    // The commonest leaves, to step over.
    const uint64_t skip[3] = {Tree::key_word(keys::K_A_Const), Tree::key_word(keys::K_ColumnRef),
                              Tree::key_word(keys::K_String)};
    const size_t nskip = wants_leaf ? 0 : 3;
    const uint64_t* t = tape();
    const size_t end = static_cast<uint32_t>(t[m_at]);
    for (size_t i = m_at; i < end;) {
      const uint64_t w = t[i];
      const char c = static_cast<char>(w >> 56);
      if (c == 'l' || c == 'u' || c == 'd') {
        i += 2;  // the next word is a number, whatever its bits
        continue;
      }
      // A node type's name is only ever the key of a one-field object whose
      // value is the node's body: {"RangeVar": {...}}.
      if (c == 'k' && i > m_at && (t[i - 1] & k_one_field_mask) == k_one_field) {
        if (std::find(want, want + N, w) != want + N) {
          const Node node(m_tree, i - 1);
          if (!f(node)) {
            i = static_cast<uint32_t>(t[i - 1]);  // past the node
            continue;
          }
        } else if (std::find(skip, skip + nskip, w) != skip + nskip) {
          i = static_cast<uint32_t>(t[i - 1]);  // past the leaf
          continue;
        }
      }
      ++i;
    }
  }

 private:
  // The opening word of an object with one field (bits 32-55 count them).
  static constexpr uint64_t k_one_field_mask = ~uint64_t{0} << 32;
  static constexpr uint64_t k_one_field = Tree::tag('{') | uint64_t{1} << 32;
  // Node types whose bodies hold no nodes but of these types: a constant's
  // value is written as plain fields, a column reference holds names and
  // `*`. (TypeName is not one: its modifiers are expressions.) A walk that
  // wants none of them may step over them whole.
  static constexpr keys::Key k_leaf_types[] = {keys::K_A_Const,   keys::K_ColumnRef, keys::K_String,
                                               keys::K_Integer,   keys::K_Float,     keys::K_Boolean,
                                               keys::K_BitString, keys::K_ParamRef,  keys::K_A_Star};
  // Node type names start with a capital letter, and k_key_names is sorted,
  // so they are the keys below this one.
  static constexpr auto is_field_key = [](std::string_view k) { return k.empty() || k[0] < 'A' || k[0] > 'Z'; };
  static constexpr size_t k_first_field_key = static_cast<size_t>(
      std::find_if(keys::k_key_names.begin(), keys::k_key_names.end(), is_field_key) - keys::k_key_names.begin());
  static_assert(std::all_of(keys::k_key_names.begin() + k_first_field_key, keys::k_key_names.end(), is_field_key));
  // The tape index just past the element at i: an object's or array's
  // opening word holds it in its low 32 bits; a large number or a double
  // takes two words.
  static size_t after(const uint64_t* tape, size_t i) {
    const uint64_t w = tape[i];
    switch (static_cast<char>(w >> 56)) {
      case '{':
      case '[':
        return static_cast<uint32_t>(w);
      case 'l':
      case 'u':
      case 'd':
        return i + 2;
      default:
        return i + 1;
    }
  }

  Node(const Tree* tree, size_t at) : m_tree(tree), m_at(static_cast<uint32_t>(at)) {}
  [[nodiscard]] const uint64_t* tape() const { return m_tree->tape.get(); }
  // The type character of this element's word; 0 for an empty Node.
  [[nodiscard]] char kind() const { return m_tree == nullptr ? '\0' : static_cast<char>(tape()[m_at] >> 56); }
  // The index just past an object's or array's last word.
  [[nodiscard]] size_t end_at() const { return static_cast<uint32_t>(tape()[m_at]); }
  // The string a string word points at.
  [[nodiscard]] std::string_view string_at(uint64_t word) const {
    const uint8_t* p = m_tree->strings.get() + (word & Tree::k_payload);
    uint32_t len = 0;
    std::memcpy(&len, p, sizeof len);
    return {reinterpret_cast<const char*>(p + sizeof len), len};
  }
  // Whether this is a wrapped node: an object whose one field is an object
  // under a node type name.
  [[nodiscard]] bool wrapped() const {
    if (m_tree == nullptr) return false;
    const uint64_t* t = tape();
    return (t[m_at] & k_one_field_mask) == k_one_field && static_cast<char>(t[m_at + 2] >> 56) == '{' &&
           (t[m_at + 1] & Tree::k_payload) < k_first_field_key;
  }

  const Tree* m_tree = nullptr;
  // The element's index on the tape, which indexes itself in 32 bits (an
  // object's opening word holds where it ends). 32 bits here leave room in
  // a Statement for its base offset (see parse.hpp).
  uint32_t m_at = 0;
};

inline Node Node::operator[](FieldKey field) const {
  // The analysis and the rules do this for nearly every field they read:
  // body() and the search in one pass, comparing whole tape words.
  if (kind() != '{') return {};
  const size_t obj = wrapped() ? m_at + 2 : m_at;
  const uint64_t* t = tape();
  const uint64_t want = Tree::key_word(field.id());
  for (size_t i = obj + 1, end = static_cast<uint32_t>(t[obj]); i < end; i = after(t, i + 1)) {
    if (t[i] == want) return {m_tree, i + 1};
  }
  return {};
}

// The names of a List of String nodes joined with '.', e.g. "pg_catalog.int4".
std::string join_names(Node list);
// The last String of a name list ("int4" for pg_catalog.int4).
std::string_view last_name(Node list);

}  // namespace pgsafe
