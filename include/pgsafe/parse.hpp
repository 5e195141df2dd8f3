// Parsing: a file's statements as PostgreSQL 15 parse trees.
//
// parse.cpp is the only file that includes pg_query.h. A file is parsed in
// one libpg_query call when it is valid; when it is not, each statement (as
// split by the lexer) is parsed on its own, so one syntax error costs only
// that statement and everything else in the file is still linted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pgsafe/lexer.hpp"
#include "pgsafe/node.hpp"
#include "pgsafe/source.hpp"

namespace pgsafe {

struct SyntaxError {
  std::string message;  // the parser's message, plus a hint for newer syntax
  uint32_t offset = 0;  // byte offset of the error in the file
};

struct Statement {
  Span span;          // first token to last token (no leading comments, no ';')
  Node node;          // e.g. {"AlterTableStmt": {...}}; empty if it failed to parse
  uint32_t base = 0;  // the tree's "location" fields are relative to this offset
  std::optional<SyntaxError> error;

  // A node location as a file offset.
  [[nodiscard]] uint32_t at(int location) const { return base + static_cast<uint32_t>(location < 0 ? 0 : location); }
};

struct ParsedFile {
  SourceFile source;
  std::vector<Statement> statements;
  std::vector<Comment> comments;
  std::vector<std::unique_ptr<simdjson::dom::document>> trees;  // own the nodes

  [[nodiscard]] std::string_view text() const { return source.text; }
  [[nodiscard]] std::string_view slice(Span s) const {
    return std::string_view(source.text).substr(s.begin, s.end - s.begin);
  }
};

// Parses a loaded source file. Never throws on bad SQL; thread-safe.
std::unique_ptr<ParsedFile> parse_source(SourceFile source);

// When a statement the PostgreSQL 15 grammar rejects uses syntax from a newer
// release, names it ("PostgreSQL 17: ALTER COLUMN ... SET EXPRESSION"); else "".
std::string newer_syntax_hint(std::string_view text, Span stmt);

}  // namespace pgsafe
