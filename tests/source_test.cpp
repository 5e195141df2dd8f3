#include <catch2/catch.hpp>

#include <random>
#include <string>

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
  // A shared prefix that ends inside a number: 12 < 100, though "1" is common.
  CHECK(natural_less("dir/v12_a.sql", "dir/v100_a.sql"));
  CHECK(natural_less("dir/v012", "dir/v0012"));  // equal numbers: fewer leading zeros first
  CHECK_FALSE(natural_less("dir/v0012", "dir/v012"));
}

TEST_CASE("natural order: long shared prefixes give the character-by-character order", "[source]") {
  // The definition, one character or digit run at a time, without skipping
  // the shared prefix: natural_less must agree with it on every pair.
  auto reference = [](std::string_view a, std::string_view b) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (digit(a[i]) && digit(b[j])) {
        size_t si = i, sj = j;
        while (si < a.size() && a[si] == '0') ++si;
        while (sj < b.size() && b[sj] == '0') ++sj;
        size_t ei = si, ej = sj;
        while (ei < a.size() && digit(a[ei])) ++ei;
        while (ej < b.size() && digit(b[ej])) ++ej;
        if (ei - si != ej - sj) return ei - si < ej - sj;
        if (int c = a.substr(si, ei - si).compare(b.substr(sj, ej - sj)); c != 0) return c < 0;
        if (si - i != sj - j) return si - i < sj - j;
        i = ei;
        j = ej;
        continue;
      }
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i;
      ++j;
    }
    return a.size() - i < b.size() - j;
  };
  // Every string of up to four characters from a small alphabet, each after
  // a shared prefix ending in a digit or not.
  const std::string alphabet = "0019a_";
  std::vector<std::string> tails = {""};
  for (size_t len = 1; len <= 4; ++len) {
    std::vector<std::string> longer;
    for (const std::string& t : tails) {
      if (t.size() + 1 != len) continue;
      for (char c : alphabet) longer.push_back(t + c);
    }
    tails.insert(tails.end(), longer.begin(), longer.end());
  }
  size_t pairs = 0;
  std::vector<std::string> wrong;
  for (std::string prefix : {"", "m/", "m/2024", "m/20240", "dir/sub/2024012", "dir/sub/v_"}) {
    for (const std::string& x : tails) {
      for (size_t k = 0; k < tails.size(); k += 7) {
        std::string a = prefix + x;
        std::string b = prefix + tails[k];
        if (natural_less(a, b) != reference(a, b) || natural_less(b, a) != reference(b, a)) {
          wrong.push_back(a + " vs " + b);
        }
        ++pairs;
      }
    }
  }
  CHECK(pairs > 10000);
  CHECK(wrong.empty());
  if (!wrong.empty()) CHECK(wrong.front() == "");  // shows the first pair that disagrees
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

TEST_CASE("line index columns agree with counting from the line's start, on ASCII lines and others", "[source]") {
  // ASCII lines take their columns from byte offsets; a line with a byte
  // outside ASCII (wherever it falls around the 8-byte words the index
  // reads) counts characters. Both must give what counting would.
  auto chars = [](std::string_view t) {
    uint32_t n = 0;
    for (char c : t) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  auto units16 = [](std::string_view t) {
    uint32_t n = 0;
    for (char c : t) {
      const auto u = static_cast<unsigned char>(c);
      n += (u & 0xC0) == 0x80 ? 0 : u >= 0xF0 ? 2 : 1;
    }
    return n;
  };
  for (size_t at = 0; at < 20; ++at) {
    std::string text = "SELECT 1; SELECT 2;\n";
    std::string odd = std::string(at, 'a') + "\xc3\xa9\xf0\x9f\x98\x80 x;\n";
    text += odd + "plain line\n" + odd + "end";
    LineIndex li(text);
    for (uint32_t off = 0; off <= text.size(); ++off) {
      if (off < text.size() && (static_cast<unsigned char>(text[off]) & 0xC0) == 0x80) continue;
      const uint32_t line = li.line_of(off);
      const uint32_t start = li.line_start(line);
      INFO("at " << at << ", offset " << off);
      const std::string_view before = std::string_view(text).substr(start, off - start);
      CHECK(li.position(text, off).line == line);
      CHECK(li.position(text, off).column == chars(before) + 1);
      CHECK(li.utf16_column(text, off) == units16(before));
      CHECK(li.offset_of_utf16(text, line, units16(before)) == off);
    }
  }
}

TEST_CASE("line index agrees with counting newlines and characters, wherever they fall in its blocks", "[source]") {
  // The index reads sixteen bytes at a time: newlines and bytes outside
  // ASCII at every position of a block, and in the tail after the last
  // whole block, on lines of every length from 0 to 40.
  auto escaped = [](std::string_view t) {
    std::string out;
    for (char c : t) {
      const auto u = static_cast<unsigned char>(c);
      out += u == '\n' ? std::string("\\n") : u >= 0x80 ? "\\x" + std::to_string(u) : std::string(1, c);
    }
    return out;
  };
  std::mt19937 rng(5);
  const std::string pieces[] = {"a", "a", "a", "\n", "\xc3\xa9", "\xe2\x82\xac", "\n\n", "b"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const size_t target = rng() % 90;
    while (text.size() < target) text += pieces[rng() % std::size(pieces)];
    LineIndex li(text);
    uint32_t line = 1;
    uint32_t column = 1;
    for (uint32_t off = 0; off <= text.size(); ++off) {
      const bool continuation = off < text.size() && (static_cast<unsigned char>(text[off]) & 0xC0) == 0x80;
      if (!continuation) {
        INFO("text " << escaped(text) << ", offset " << off);
        CHECK(li.line_of(off) == line);
        CHECK(li.position(text, off).column == column);
      }
      if (off == text.size()) break;
      if (text[off] == '\n') {
        ++line;
        column = 1;
      } else if (!continuation) {
        ++column;
      }
    }
    CHECK(li.line_count() == line);
  }
}

TEST_CASE("count_chars agrees with counting one byte at a time, wherever the non-ASCII bytes fall", "[source]") {
  // The reference: a lead byte and the continuation bytes it announces are
  // one character; any other byte (stray continuation, truncated sequence)
  // is one on its own.
  auto reference = [](std::string_view t) {
    uint32_t n = 0;
    for (size_t i = 0; i < t.size(); ++n) {
      auto c = static_cast<unsigned char>(t[i]);
      size_t len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 1;
      size_t k = 1;
      while (k < len && i + k < t.size() && (static_cast<unsigned char>(t[i + k]) & 0xC0) == 0x80) ++k;
      i += k == len ? len : 1;
    }
    return n;
  };
  // Runs of ASCII of every length around the 8-byte word, then one of these.
  const std::vector<std::string> others = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80", "\xe2\x82", "\xff"};
  for (size_t before = 0; before < 20; ++before) {
    for (const std::string& o : others) {
      for (size_t after = 0; after < 20; ++after) {
        const std::string t = std::string(before, 'a') + o + std::string(after, 'b') + o;
        INFO(before << " + " << o.size() << " + " << after);
        CHECK(count_chars(t) == reference(t));
      }
    }
  }
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

TEST_CASE("past a statement's first words the lexer still reads each string, name, comment and nesting", "[lexer]") {
  // After four words the lexer skips plain bytes between the ones that
  // matter; the word touching a quote or a `$` still decides what it is.
  struct Case {
    std::string text;
    std::vector<std::string> statements;
  };
  const std::vector<Case> cases = {
      // E'..' takes backslash escapes; xe'..' and 1e'..' (a number) do not.
      {"SELECT a, b, c, d, e'\\';' ; SELECT 2", {"SELECT a, b, c, d, e'\\';'", "SELECT 2"}},
      {"SELECT a, b, c, d, xe'\\';' ; SELECT 2", {"SELECT a, b, c, d, xe'\\'", "' ; SELECT 2"}},
      {"SELECT a, b, c, d, 1e'\\';' ; SELECT 2", {"SELECT a, b, c, d, 1e'\\'", "' ; SELECT 2"}},
      {"SELECT a, b, c, d, x.e'\\';' ; SELECT 2", {"SELECT a, b, c, d, x.e'\\';'", "SELECT 2"}},
      // A word takes in `$` and what follows it; a parameter does not.
      {"SELECT a, b, c, d, END$$E'\\';' ; SELECT 2", {"SELECT a, b, c, d, END$$E'\\'", "' ; SELECT 2"}},
      {"SELECT a, b, c, d, $1E'\\';' ; SELECT 2", {"SELECT a, b, c, d, $1E'\\';'", "SELECT 2"}},
      {"SELECT a, b, c, d, x$q$ ; SELECT 2", {"SELECT a, b, c, d, x$q$", "SELECT 2"}},
      {"SELECT a, b, c, d, $q$ ; $q$ ; SELECT 2", {"SELECT a, b, c, d, $q$ ; $q$", "SELECT 2"}},
      // Comments, lone operators, nesting, and the end of the text.
      {"SELECT a, b, c, d, -- ;\n e /* ; */ - f / g ; SELECT 2",
       {"SELECT a, b, c, d, -- ;\n e /* ; */ - f / g", "SELECT 2"}},
      {"SELECT a, b, c, d, (e; f) ; SELECT 2", {"SELECT a, b, c, d, (e; f)", "SELECT 2"}},
      {"SELECT a, b, c, d, e  \n", {"SELECT a, b, c, d, e"}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const LexedFile lx = lex_file(c.text);
    std::vector<std::string> got;
    for (const Span& s : lx.statements) got.emplace_back(c.text.substr(s.begin, s.end - s.begin));
    CHECK(got == c.statements);
  }
}

namespace {
bool same_lexing(const LexedFile& a, const LexedFile& b) {
  auto spans_equal = [](const std::vector<Span>& x, const std::vector<Span>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const Span& p, const Span& q) { return p.begin == q.begin && p.end == q.end; });
  };
  return spans_equal(a.statements, b.statements) && spans_equal(a.blanked, b.blanked) &&
         std::equal(a.comments.begin(), a.comments.end(), b.comments.begin(), b.comments.end(),
                    [](const Comment& p, const Comment& q) {
                      return p.span.begin == q.span.begin && p.span.end == q.span.end && p.line == q.line;
                    });
}
}  // namespace

TEST_CASE("the lexer cut into pieces lexed at once gives the whole text's result, wherever the cuts fall", "[lexer]") {
  // Every construct a cut can fall inside, several with ";\n" inside them.
  const std::string text =
      "-- header;\nSELECT 'a;\nb', \"c;\nd\", $$e;\nf$$, $tag$ ;\n $tag$;\n"
      "/* a /* nested ;\n */ ; comment */ SELECT E'x\\';\ny';\n"
      "\\set foo 1;\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;\nSELECT 2;\nEND;\n"
      "COPY t FROM stdin;\n1\t2;\n\\.\n"
      "SELECT (1;\n2);\n"
      "SELECT 9 \\gset\n"
      "SELECT x$1;\nSELECT a$$b;\nSELECT 10;\n"
      // Ended by \g, the COPY still takes the data after the next ";".
      "COPY t FROM stdin \\g\nSELECT 3;\n4\n\\.\nSELECT 11";
  const LexedFile whole = lex_file(text);
  REQUIRE(whole.statements.size() == 12);
  std::vector<size_t> wrong;
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    const size_t one[] = {cut};
    if (!same_lexing(lex_file_split(text, one), whole)) wrong.push_back(cut);
    for (size_t second : {cut + 1, cut + 7, cut + 40}) {
      const size_t two[] = {cut, second};
      if (!same_lexing(lex_file_split(text, two), whole)) wrong.push_back(cut);
    }
  }
  CHECK(wrong.empty());
  if (!wrong.empty()) CHECK(text.substr(wrong.front()) == "");  // shows where the first wrong cut fell

  // The cuts lex_file itself makes, on a text large enough to be cut.
  std::string big;
  while (big.size() < 3 * k_split_lex_bytes) big += text + ";\n";
  const LexedFile big_whole = lex_file(big);
  for (unsigned threads : {2u, 3u, 4u}) {
    INFO(threads << " threads");
    CHECK(same_lexing(lex_file(big, threads), big_whole));
  }
}
