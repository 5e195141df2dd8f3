// A small SQL lexer that splits a file the way psql does.
//
// libpg_query's parser stops at the first syntax error, and its scanner-based
// splitter silently drops statements it cannot classify, so pgsafe splits
// files itself. The lexer knows quoting (standard and E'' strings, quoted
// identifiers, dollar quotes), nested block comments, parentheses, the
// `BEGIN ATOMIC ... END` bodies of SQL-standard functions, psql
// meta-commands (a backslash to the end of the line; `\g` and friends also
// end the statement) and `COPY ... FROM stdin` data blocks ending in `\.`.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "pgsafe/source.hpp"

namespace pgsafe {

struct Comment {
  Span span;          // the whole comment including its delimiters
  bool line = false;  // `--` comment (true) or `/* */` block comment (false)
};

struct LexedFile {
  std::vector<Span> statements;  // first token to last token, no ';'
  std::vector<Comment> comments;
  std::vector<Span> blanked;  // psql meta-commands and COPY data: not SQL
};

LexedFile lex_file(std::string_view text);

// The same, for a text of at least k_split_lex_bytes on `threads` threads:
// the text is cut after a line-ending ";" near each 1/threads of it and the
// pieces are lexed at once.
inline constexpr size_t k_split_lex_bytes = 256 * 1024;
LexedFile lex_file(std::string_view text, unsigned threads);

// lex_file(text), found by lexing the pieces between the byte offsets
// `splits` (ascending) at once, each on its own thread. A piece counts only
// if the lexing before it ended exactly at its start, between statements;
// any other is lexed again after the one before it, so a cut anywhere
// (inside a string, a comment or COPY data) costs time but never changes
// the result.
LexedFile lex_file_split(std::string_view text, std::span<const size_t> splits);

enum class TokenKind { Word, QuotedIdent, String, Number, Param, Operator, Punct };

struct Token {
  TokenKind kind;
  Span span;
};

// Tokens of a stretch of SQL (comments and whitespace skipped).
std::vector<Token> tokenize(std::string_view text, Span within);

// The same tokens one at a time, for callers that stop early.
class TokenScanner {
 public:
  TokenScanner(std::string_view text, Span within);
  // The next token; false at the end.
  bool next(Token& out);

 private:
  std::string_view m_text;
  size_t m_pos;
  size_t m_end;
};

// Skips whitespace and comments forward from `pos`, up to `end`.
uint32_t skip_trivia(std::string_view text, uint32_t pos, uint32_t end);

// Equal ignoring ASCII case, as PostgreSQL compares keywords (no locale).
inline bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
  }
  return true;
}

}  // namespace pgsafe
