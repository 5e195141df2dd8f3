// RawParse (src/raw_tree.hpp) builds parse trees from PostgreSQL's node
// structs instead of reading libpg_query's JSON. Everything downstream relies
// on the two being the same tree, so this compares them, serialised the same
// way, for every statement of the corpus and for the cases the generated
// field tables cannot show by themselves: enums PostgreSQL numbers
// explicitly, the enum libpg_query renumbers, A_Const's union, nested lists,
// strings that are not UTF-8 and parse errors. The one intended difference:
// negative integers, which the JSON loses. The tape (tree.hpp) is printed as
// JSON here, on its own terms, and both JSON texts are then read and printed
// by simdjson, so that they are compared in one canonical form. It also
// checks that Node reads each tree as simdjson reads the printed JSON.
#include <simdjson.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pgsafe/lexer.hpp"
#include "pgsafe/node.hpp"
#include "raw_tree.hpp"

using namespace pgsafe;
namespace fs = std::filesystem;

namespace {

// The key of that name; every key in a tree is one of k_key_names.
FieldKey key_named(std::string_view name) {
  const std::optional<keys::Key> k = FieldKey::lookup(name);
  if (!k) throw std::runtime_error("not in k_key_names: " + std::string(name));
  return FieldKey(*k);
}

// A tree's tape (tree.hpp) as JSON, read word by word with no help from
// Node: the oracle for what the writer put there. Iterative, since trees may
// nest as deep as k_max_tree_depth.
std::string tape_json(const Tree& tree) {
  const uint64_t* t = tree.tape.get();
  constexpr uint64_t payload = (uint64_t{1} << 56) - 1;
  auto kind = [&](size_t i) { return static_cast<char>(t[i] >> 56); };
  REQUIRE(kind(0) == 'r');
  const size_t length = t[0] & payload;
  std::string out;
  auto string_at = [&](uint64_t w) {
    const uint8_t* p = tree.strings.get() + (w & payload);
    uint32_t len = 0;
    std::memcpy(&len, p, sizeof len);
    out += '"';
    for (uint32_t k = 0; k < len; ++k) {
      const auto c = static_cast<unsigned char>(p[sizeof len + k]);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        char esc[8];
        std::snprintf(esc, sizeof esc, "\\u%04x", c);
        out += esc;
      } else {
        out += static_cast<char>(c);
      }
    }
    out += '"';
  };
  struct Open {
    size_t end;  // just past the container's last word
    bool object;
    bool first = true;
  };
  // The root is one object, which ends the tape.
  REQUIRE(kind(1) == '{');
  REQUIRE(static_cast<uint32_t>(t[1]) == length);
  std::vector<Open> stack{{length, true}};
  out += '{';
  size_t i = 2;
  for (;;) {
    // Close the containers that end here, then separate from the last item.
    while (!stack.empty() && i == stack.back().end) {
      out += stack.back().object ? '}' : ']';
      stack.pop_back();
    }
    if (stack.empty()) break;
    if (!stack.back().first) out += ',';
    stack.back().first = false;
    if (stack.back().object) {
      REQUIRE(kind(i) == 'k');
      const size_t k = t[i] & payload;
      REQUIRE(k < keys::k_key_names.size());
      out += '"';
      out += keys::k_key_names[k];
      out += "\":";
      ++i;
    }
    const uint64_t w = t[i];
    switch (kind(i)) {
      case '{':
      case '[':
        REQUIRE(static_cast<uint32_t>(w) > i);
        REQUIRE(static_cast<uint32_t>(w) <= (stack.empty() ? length : stack.back().end));
        out += kind(i);
        stack.push_back({static_cast<uint32_t>(w), kind(i) == '{'});
        ++i;
        break;
      case '"':
        string_at(w);
        ++i;
        break;
      case 'i':
        out += std::to_string(static_cast<int64_t>(w << 8) >> 8);
        ++i;
        break;
      case 'l':
        out += std::to_string(static_cast<int64_t>(t[i + 1]));
        i += 2;
        break;
      case 'u':
        out += std::to_string(t[i + 1]);
        i += 2;
        break;
      case 'd': {
        double d = 0;
        std::memcpy(&d, &t[i + 1], sizeof d);
        char num[32];
        std::snprintf(num, sizeof num, "%.17g", d);
        out += num;
        i += 2;
        break;
      }
      case 't':
        out += "true";
        ++i;
        break;
      case 'f':
        out += "false";
        ++i;
        break;
      default:
        FAIL("unknown tape word at " << i);
    }
  }
  REQUIRE(i == length);
  return out;
}

// Node reads the tape itself: "" when it reads `e`'s tree as simdjson
// reads the tree's JSON, else where they differ. A wrapper is an object whose one
// field is an object under a name that starts with a capital letter. `path`
// holds the keys and indexes down to `e`, joined only for a message.
std::string node_mismatch(Node n, simdjson::dom::element e, std::vector<std::string>& path) {
  using simdjson::dom::element_type;
  auto differs = [&](const char* what) {
    std::string at;
    for (const std::string& p : path) at += p;
    return at + ": " + what;
  };
  switch (e.type()) {
    case element_type::OBJECT: {
      if (!n.is_object() || n.is_array() || n.size() != 0) return differs("not read as an object");
      simdjson::dom::object obj = e.get_object().value_unsafe();
      std::string_view wrapper;
      if (obj.size() == 1) {
        auto field = *obj.begin();
        if (!field.key.empty() && std::isupper(static_cast<unsigned char>(field.key[0])) && field.value.is_object()) {
          wrapper = field.key;
        }
      }
      if (n.type() != wrapper) return differs("type() differs");
      if (!wrapper.empty() && !n.is(key_named(wrapper))) return differs("is() denies the type");
      if (n.is(FieldKey("A_Const")) != (wrapper == "A_Const")) return differs("is(A_Const) is wrong");
      simdjson::dom::object body = wrapper.empty() ? obj : (*obj.begin()).value.get_object().value_unsafe();
      std::vector<std::string_view> keys_seen;
      n.for_each_field([&](std::string_view k, Node) { keys_seen.push_back(k); });
      std::vector<std::string_view> keys_there;
      for (auto field : body) keys_there.push_back(field.key);
      if (keys_seen != keys_there) return differs("for_each_field visits other fields");
      for (auto field : body) {
        path.push_back("." + std::string(field.key));
        Node child = n[key_named(field.key)];
        std::string d = child ? node_mismatch(child, field.value, path) : differs("not found");
        path.pop_back();
        if (!d.empty()) return d;
      }
      for (std::string_view absent : {"location", "relation", "xpr", "stmts"}) {
        if (std::find(keys_there.begin(), keys_there.end(), absent) == keys_there.end() && n[key_named(absent)]) {
          return differs("finds a field it does not have");
        }
      }
      return "";
    }
    case element_type::ARRAY: {
      simdjson::dom::array arr = e.get_array().value_unsafe();
      if (!n.is_array() || n.is_object() || n.size() != arr.size()) return differs("not read as the same array");
      size_t i = 0;
      auto it = n.begin();
      for (simdjson::dom::element x : arr) {
        if (!(it != n.end())) return differs("the iteration ends early");
        path.push_back("[" + std::to_string(i) + "]");
        std::string d = node_mismatch(*it, x, path);
        if (d.empty() && i < 2 && !node_mismatch(n.at(i), x, path).empty()) d = differs("at() differs");
        path.pop_back();
        if (!d.empty()) return d;
        ++it;
        ++i;
      }
      if (it != n.end() || n.at(i)) return differs("the iteration runs on");
      return "";
    }
    case element_type::STRING:
      return n.str() == e.get_string().value_unsafe() && !n.is_object() ? "" : differs("string differs");
    case element_type::INT64:
      return n.num(-1) == e.get_int64().value_unsafe() ? "" : differs("integer differs");
    case element_type::UINT64:
      return n.num(-1) == static_cast<int64_t>(e.get_uint64().value_unsafe()) ? "" : differs("integer differs");
    case element_type::DOUBLE:
      return n.num(-1) == -1 && !n.flag() ? "" : differs("a double read as an integer");
    case element_type::BOOL:
      return n.flag() == e.get_bool().value_unsafe() && n.num(-1) == -1 ? "" : differs("boolean differs");
    case element_type::NULL_VALUE:
      return differs("null in a tree");
  }
  return differs("unknown element");
}

// The types, in depth-first order, of the nodes of `types` in `e` (the
// element itself included), not looking inside a node of type `opaque`:
// what Node::visit must find, read with simdjson's reader.
void wrapped_in_order(simdjson::dom::element e, const std::vector<std::string_view>& types, std::string_view opaque,
                      std::vector<std::string>& out) {
  if (e.is_array()) {
    simdjson::dom::array arr = e.get_array().value_unsafe();
    for (simdjson::dom::element x : arr) wrapped_in_order(x, types, opaque, out);
    return;
  }
  if (!e.is_object()) return;
  simdjson::dom::object obj = e.get_object().value_unsafe();
  if (obj.size() == 1) {
    auto field = *obj.begin();
    if (field.value.is_object() && std::find(types.begin(), types.end(), field.key) != types.end()) {
      out.emplace_back(field.key);
      if (field.key == opaque) return;
    }
  }
  for (auto field : obj) wrapped_in_order(field.value, types, opaque, out);
}

// "" when Node::visit finds in `root` the nodes simdjson's reader finds,
// in the same order, both when it looks inside every node and when it
// skips the insides of FuncCall nodes: for a set of types with a leaf type
// (ColumnRef), which visit walks into, and for one without, whose walk
// steps over constants, column references and names.
template <size_t N>
std::string visit_mismatch(Node root, simdjson::dom::element e, const FieldKey (&kinds)[N]) {
  std::vector<std::string_view> types;
  for (FieldKey k : kinds) types.push_back(keys::k_key_names[k.id()]);
  for (std::string_view opaque : {std::string_view(), std::string_view("FuncCall")}) {
    std::vector<std::string> want;
    wrapped_in_order(e, types, opaque, want);
    std::vector<std::string> got;
    root.visit(kinds, [&](Node n) {
      got.emplace_back(n.type());
      return n.type() != opaque;
    });
    if (got != want) {
      return "visit() finds " + std::to_string(got.size()) + " nodes, simdjson " + std::to_string(want.size()) +
             (opaque.empty() ? "" : " (skipping FuncCall)");
    }
  }
  return "";
}
std::string visit_mismatch(Node root, simdjson::dom::element e) {
  std::string diff = visit_mismatch(root, e, {"RangeVar", "FuncCall", "ColumnRef"});
  return diff.empty() ? visit_mismatch(root, e, {"RangeVar", "FuncCall", "CommonTableExpr", "TypeCast"}) : diff;
}

// "" when libpg_query's JSON and RawParse agree on `sql`, else what differs;
// with `check_node`, also when Node does not read the tree as simdjson does.
std::string compare(const std::string& sql, bool check_node = true) {
  PgQueryParseResult json = pg_query_parse(sql.c_str());
  RawParse raw(sql.c_str());
  std::string diff;
  if (json.error != nullptr || raw.error() != nullptr) {
    if (json.error == nullptr || raw.error() == nullptr) {
      diff = json.error ? "only the JSON parse failed" : "only the raw parse failed";
    } else if (std::string(json.error->message) != raw.error()->message ||
               json.error->cursorpos != raw.error()->cursorpos) {
      diff = std::string("errors differ: ") + json.error->message + " / " + raw.error()->message;
    }
  } else {
    // As deep as RawParse allows (simdjson's default depth is 1024). One
    // parser for libpg_query's JSON and one for the tape's, whose elements
    // are read at the same time.
    auto deep_parser = [] {
      simdjson::dom::parser p;
      REQUIRE(p.allocate(1 << 20, k_max_tree_depth) == simdjson::SUCCESS);
      return p;
    };
    static simdjson::dom::parser parser = deep_parser();
    static simdjson::dom::parser tape_parser = deep_parser();
    simdjson::dom::element from_json;
    bool json_ok = parser.parse(json.parse_tree, std::strlen(json.parse_tree)).get(from_json) == simdjson::SUCCESS;
    auto tree = raw.take_tree();
    simdjson::dom::element from_tape;
    if (json_ok != (tree != nullptr)) {
      diff = json_ok ? "only the raw tree is unreadable" : "only the JSON is unreadable";
    } else if (json_ok && tape_parser.parse(tape_json(*tree)).get(from_tape) != simdjson::SUCCESS) {
      diff = "the tape printed as JSON is not JSON";
    } else if (json_ok) {
      std::string a = simdjson::to_string(from_json);
      // RawParse keeps negative integers, which libpg_query's JSON prints
      // as {"Integer": {}}, as if they were 0 ("SELECT -5", "text[]").
      static const std::regex negative(R"(\{"ival":-[0-9]+\})");
      std::string b = std::regex_replace(simdjson::to_string(from_tape), negative, "{}");
      if (a != b) {
        auto at = static_cast<size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
        size_t from = at < 80 ? 0 : at - 80;
        diff = "trees differ at byte " + std::to_string(at) + ":\n  json: " + a.substr(from, 160) +
               "\n  raw:  " + b.substr(from, 160);
      } else if (check_node) {
        std::vector<std::string> path;
        diff = node_mismatch(Node(*tree), from_tape, path);
        if (diff.empty()) diff = visit_mismatch(Node(*tree), from_tape);
      }
    }
  }
  pg_query_free_parse_result(json);
  return diff;
}

}  // namespace

TEST_CASE("raw trees: the cases the field tables cannot show", "[parse]") {
  const std::vector<std::string> cases = {
      "",
      "-- only a comment",
      "SELECT 1; ; SELECT 2",
      // A_Const's union, NULL, and a zero (its field is left out).
      "SELECT 1, 0, -5, -2147483648, 1.5, 'x', '', true, false, B'101', X'ff', NULL",
      // LimitOption: libpg_query numbers it differently from PostgreSQL.
      "SELECT * FROM t LIMIT ALL",
      "SELECT * FROM t FETCH FIRST 3 ROWS WITH TIES",
      "SELECT * FROM t LIMIT 3",
      // Enums PostgreSQL numbers explicitly.
      "CREATE FUNCTION f(IN a int, OUT b int, INOUT c int, VARIADIC d int[], e int DEFAULT 1) RETURNS TABLE (x int) "
      "LANGUAGE sql AS 'SELECT 1'",
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (MINVALUE) TO (MAXVALUE)",
      "SELECT (1, 2) < (3, 4), (1, 2) <> (3, 4)",
      // Lists of lists, a null list element, characters and OIDs.
      "INSERT INTO t VALUES (1, 2), (3, 4)",
      "SELECT * FROM t GROUP BY GROUPING SETS ((a, b), (), a)",
      "CREATE TEMP TABLE t (a int) ON COMMIT DROP",
      "ALTER TABLE t ALTER COLUMN a TYPE text COLLATE \"C\" USING a::text",
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING gin (a jsonb_path_ops) WHERE b > 0",
      "SELECT a[1:2], (b).c, d::int[], e AT TIME ZONE 'UTC', f IS DISTINCT FROM g, NULLIF(h, i), j IN (1, 2)",
      "WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r FOR UPDATE SKIP LOCKED",
      // Nodes inside nodes of the same type, for Node::visit.
      "SELECT f(g(a), (SELECT h(b) FROM t2)) FROM t1 JOIN (SELECT * FROM t3) s ON k(s.x) = 9223372036854775807",
      "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a WHEN NOT MATCHED THEN DO NOTHING",
      "SELECT xmlelement(name a, xmlattributes(1 AS b)), CURRENT_TIMESTAMP(3), COALESCE(a, b), GREATEST(1, 2)",
      // Integers of more than 56 bits, which take two tape words: FETCH ALL's
      // count is LONG_MAX.
      "FETCH ALL FROM c",
      "MOVE BACKWARD ALL IN c",
      "FETCH FORWARD 2147483647 FROM c",
      // Strings that are not UTF-8, and errors.
      "SELECT E'\\xff'",
      "SELECT 'caf\xc3\xa9', \"\xc3\xa9t\xc3\xa9\"",
      "CREATE TABLE (",
      "SELECT 1 +",
  };
  for (const std::string& sql : cases) {
    INFO(sql);
    CHECK(compare(sql).empty());
  }
}

TEST_CASE("raw trees: the same as libpg_query's JSON on every corpus statement", "[parse][corpus]") {
  const fs::path corpus = PGSAFE_SOURCE_DIR "/../shared/corpus";
  REQUIRE(fs::is_directory(corpus));
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (e.is_regular_file() && e.path().extension() == ".sql") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  size_t statements = 0;
  std::vector<std::string> failures;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    std::replace(text.begin(), text.end(), '\0', ' ');
    for (const Span& s : lex_file(text).statements) {
      ++statements;
      // Node is checked on every tenth statement: on all of them, the check
      // would triple this test's time.
      std::string diff = compare(text.substr(s.begin, s.end - s.begin), statements % 10 == 0);
      if (!diff.empty() && failures.size() < 5) {
        failures.push_back(path.string() + " at byte " + std::to_string(s.begin) + ": " + diff);
      }
    }
  }
  INFO(statements << " statements in " << files.size() << " files");
  CHECK(files.size() > 3000);
  CHECK(statements > 50000);
  for (const std::string& f : failures) FAIL_CHECK(f);
}
