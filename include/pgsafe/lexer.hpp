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
