// RawParse (src/raw_tree.hpp) builds parse trees from PostgreSQL's node
// structs instead of reading libpg_query's JSON. Everything downstream relies
// on the two being the same tree, so this compares them, serialised the same
// way, for every statement of the corpus and for the cases the generated
// field tables cannot show by themselves: enums PostgreSQL numbers
// explicitly, the enum libpg_query renumbers, A_Const's union, nested lists,
// strings that are not UTF-8 and parse errors. The one intended difference:
// negative integers, which the JSON loses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "pgsafe/lexer.hpp"
#include "raw_tree.hpp"

using namespace pgsafe;
namespace fs = std::filesystem;

namespace {

// "" when libpg_query's JSON and RawParse agree on `sql`, else what differs.
std::string compare(const std::string& sql) {
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
    // As deep as RawParse allows (simdjson's default depth is 1024).
    static simdjson::dom::parser parser = [] {
      simdjson::dom::parser p;
      REQUIRE(p.allocate(1 << 20, k_max_tree_depth) == simdjson::SUCCESS);
      return p;
    }();
    simdjson::dom::element from_json;
    bool json_ok = parser.parse(json.parse_tree, std::strlen(json.parse_tree)).get(from_json) == simdjson::SUCCESS;
    auto tree = raw.take_tree();
    if (json_ok != (tree != nullptr)) {
      diff = json_ok ? "only the raw tree is unreadable" : "only the JSON is unreadable";
    } else if (json_ok) {
      std::string a = simdjson::to_string(from_json);
      // RawParse keeps negative integers, which libpg_query's JSON prints
      // as {"Integer": {}}, as if they were 0 ("SELECT -5", "text[]").
      static const std::regex negative(R"(\{"ival":-[0-9]+\})");
      std::string b = std::regex_replace(simdjson::to_string(tree->root()), negative, "{}");
      if (a != b) {
        auto at = static_cast<size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
        size_t from = at < 80 ? 0 : at - 80;
        diff = "trees differ at byte " + std::to_string(at) + ":\n  json: " + a.substr(from, 160) +
               "\n  raw:  " + b.substr(from, 160);
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
      "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a WHEN NOT MATCHED THEN DO NOTHING",
      "SELECT xmlelement(name a, xmlattributes(1 AS b)), CURRENT_TIMESTAMP(3), COALESCE(a, b), GREATEST(1, 2)",
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
      std::string diff = compare(text.substr(s.begin, s.end - s.begin));
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
