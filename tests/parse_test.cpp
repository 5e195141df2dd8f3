// The chunked parser (parse.hpp) against the simplest correct reference:
// every statement parsed on its own. Chunk cuts, the runs parsed after a
// syntax error, and statements larger than a chunk must not change which
// statements parse, what they parse to, or the errors reported.
#include <catch2/catch.hpp>

#include <string>

#include "pgsafe/parse.hpp"

using namespace pgsafe;

namespace {

std::unique_ptr<ParsedFile> parse_text(const std::string& text) {
  SourceFile src;
  src.path = "t.sql";
  src.text = text;
  return parse_source(std::move(src));
}

}  // namespace

TEST_CASE("parse: chunked parsing agrees with parsing each statement alone", "[parse]") {
  // Valid and invalid statements in a fixed pseudo-random mix, some comments,
  // and two bodies larger than a chunk; errors land at chunk starts and ends.
  std::string text = "-- leading comment\n";
  uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % 100;
  };
  const std::string big_body(k_chunk_bytes + 1000, 'x');
  for (int i = 0; i < 4000; ++i) {
    unsigned r = next();
    std::string n = std::to_string(i);
    if (r < 60) {
      text += "ALTER TABLE t" + n + " ADD COLUMN c int;\n";
    } else if (r < 75) {
      text += "CREATE INDEX i" + n + " ON t" + n + " (a, b);\n";
    } else if (r < 85) {
      text += "UPDATE t" + n + " SET a = 1 WHERE id = " + n + "; /* trailing */\n";
    } else if (r < 95) {
      text += "CREATE TABLE (" + n + ");\n";  // a syntax error (psql would not end an open parenthesis)
    } else if (r < 98) {
      text += "SELECT $$" + std::string(50, 'y') + "$$;\n";
    } else {
      text += "DROP TABEL t" + n + ";\n";  // another syntax error
    }
    if (i == 1500 || i == 3000) text += "SELECT $body$" + big_body + "$body$;\n";
  }
  REQUIRE(text.size() > 4 * k_chunk_bytes);

  auto file = parse_text(text);
  LexedFile lexed = lex_file(text);
  REQUIRE(file->statements.size() == lexed.statements.size());
  size_t errors = 0;
  for (size_t i = 0; i < file->statements.size(); ++i) {
    const Statement& st = file->statements[i];
    INFO("statement " << i << ": " << file->slice(st.span).substr(0, 60));
    CHECK(st.span == lexed.statements[i]);
    // The reference: this statement's text alone (offsets shifted back by `at`).
    const uint32_t at = st.span.begin;
    auto ref = parse_text(std::string(file->slice(st.span)));
    REQUIRE(ref->statements.size() == 1);
    const Statement& rs = ref->statements[0];
    CHECK(st.span == Span{rs.span.begin + at, rs.span.end + at});
    REQUIRE((st.error != nullptr) == (rs.error != nullptr));
    if (st.error) {
      ++errors;
      CHECK(st.error->message == rs.error->message);
      CHECK(st.error->offset == rs.error->offset + at);
    } else {
      CHECK(st.node.type() == rs.node.type());
      // Node locations map to the same file offset.
      if (Node rel = st.node["relation"]) CHECK(st.at(rel.location()) == rs.at(rs.node["relation"].location()) + at);
    }
  }
  CHECK(errors > 400);
}
