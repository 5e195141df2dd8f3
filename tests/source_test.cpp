#include <catch2/catch.hpp>

#include "pgsafe/lexer.hpp"
#include "pgsafe/source.hpp"

using namespace pgsafe;

TEST_CASE("natural order sorts digit runs numerically", "[source]") {
  CHECK(natural_less("V2__a.sql", "V10__b.sql"));
  CHECK_FALSE(natural_less("V10__b.sql", "V2__a.sql"));
  CHECK(natural_less("1_init.up.sql", "2_x.up.sql"));
  CHECK(natural_less("9_x.sql", "10_x.sql"));
  CHECK(natural_less("a/20240101_a/migration.sql", "a/20240102_b/migration.sql"));
  CHECK_FALSE(natural_less("same.sql", "same.sql"));
}

TEST_CASE("line index gives 1-based lines and character columns", "[source]") {
  std::string text = "ab\nçé x\n\nlast";
  LineIndex li(text);
  CHECK(li.position(text, 0).line == 1);
  CHECK(li.position(text, 3).line == 2);
  // "çé " is 5 bytes but 3 characters: 'x' is at column 4.
  auto x = static_cast<uint32_t>(text.find('x'));
  CHECK(li.position(text, x).column == 4);
  CHECK(li.position(text, static_cast<uint32_t>(text.find("last"))).line == 4);
  CHECK(li.utf16_column(text, x) == 3);
}

TEST_CASE("the lexer splits like psql", "[lexer]") {
  std::string text =
      "-- header\nSELECT 'a;b', \"c;d\", $$e;f$$, $tag$ ; $tag$;\n"
      "/* a /* nested */ ; comment */ SELECT E'x\\';y';\n"
      "\\set foo 1\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
      "COPY t FROM stdin;\n1\t2;\n\\.\n"
      "SELECT (1;2);\n"
      "SELECT 9 \\gset\n"
      "SELECT 10;";
  LexedFile lx = lex_file(text);
  std::vector<std::string> stmts;
  for (const Span& s : lx.statements) stmts.emplace_back(text.substr(s.begin, s.end - s.begin));
  REQUIRE(stmts.size() == 7);
  CHECK(stmts[0] == "SELECT 'a;b', \"c;d\", $$e;f$$, $tag$ ; $tag$");
  CHECK(stmts[1] == "SELECT E'x\\';y'");
  CHECK(stmts[2].starts_with("CREATE FUNCTION f()"));
  CHECK(stmts[2].ends_with("END"));
  CHECK(stmts[3] == "COPY t FROM stdin");
  CHECK(stmts[4] == "SELECT (1;2)");
  CHECK(stmts[5] == "SELECT 9");
  CHECK(stmts[6] == "SELECT 10");
  CHECK(lx.comments.size() == 2);
  REQUIRE(lx.blanked.size() == 3);  // \set, the COPY data, \gset
}
