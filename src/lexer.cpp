#include "pgsafe/lexer.hpp"

#include "crew.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pgsafe {
namespace {

// ASCII classification, as PostgreSQL's scanner does it (no locale lookups),
// one table lookup per byte.
enum CharClass : uint8_t { k_alpha = 1, k_digit = 2, k_ident_start = 4, k_ident_char = 8, k_space = 16 };
constexpr std::array<uint8_t, 256> k_char_class = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    bool start = alpha || c == '_' || c >= 0x80;
    bool ident = start || digit || c == '$';
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    t[static_cast<size_t>(c)] =
        static_cast<uint8_t>((alpha ? k_alpha : 0) | (digit ? k_digit : 0) | (start ? k_ident_start : 0) |
                             (ident ? k_ident_char : 0) | (space ? k_space : 0));
  }
  return t;
}();
constexpr bool is_alpha(unsigned char c) { return (k_char_class[c] & k_alpha) != 0; }
constexpr bool is_digit(unsigned char c) { return (k_char_class[c] & k_digit) != 0; }
constexpr bool is_ident_start(unsigned char c) { return (k_char_class[c] & k_ident_start) != 0; }
constexpr bool is_ident_char(unsigned char c) { return (k_char_class[c] & k_ident_char) != 0; }
constexpr bool is_space(unsigned char c) { return (k_char_class[c] & k_space) != 0; }

// What lex_run does at a character.
enum class LexClass : uint8_t {
  Other,  // a one-character token
  Space,
  Word,
  Digit,
  Dot,
  Dash,
  Slash,
  Backslash,
  Semicolon,
  Quote,
  DoubleQuote,
  Dollar,
  Open,
  Close,
};
constexpr std::array<LexClass, 256> k_lex_class = [] {
  std::array<LexClass, 256> t{};
  for (size_t c = 0; c < 256; ++c) {
    const auto u = static_cast<unsigned char>(c);
    t[c] = is_space(u)         ? LexClass::Space
           : is_ident_start(u) ? LexClass::Word
           : is_digit(u)       ? LexClass::Digit
                               : LexClass::Other;
  }
  t['.'] = LexClass::Dot;
  t['-'] = LexClass::Dash;
  t['/'] = LexClass::Slash;
  t['\\'] = LexClass::Backslash;
  t[';'] = LexClass::Semicolon;
  t['\''] = LexClass::Quote;
  t['"'] = LexClass::DoubleQuote;
  t['$'] = LexClass::Dollar;
  t['('] = LexClass::Open;
  t[')'] = LexClass::Close;
  return t;
}();

// Low-level scanner shared by the splitter and the tokenizer. Each scan_*
// function starts at the opening character and returns the offset just past
// the construct (or `end` if it is unterminated).
struct Scanner {
  std::string_view text;
  size_t end;

  [[nodiscard]] char at(size_t i) const { return i < end ? text[i] : '\0'; }

  size_t line_comment(size_t i) const {
    if (i >= end) return end;
    const void* nl = std::memchr(text.data() + i, '\n', end - i);
    return nl == nullptr ? end : static_cast<size_t>(static_cast<const char*>(nl) - text.data());
  }
  size_t block_comment(size_t i) const {  // at "/*"; comments nest
    int depth = 0;
    while (i < end) {
      if (at(i) == '/' && at(i + 1) == '*') {
        ++depth;
        i += 2;
      } else if (at(i) == '*' && at(i + 1) == '/') {
        i += 2;
        if (--depth == 0) return i;
      } else {
        ++i;
      }
    }
    return end;
  }
  size_t quoted(size_t i, char q, bool backslash_escapes) const {  // at the opening quote
    ++i;
    if (!backslash_escapes) {
      // The closing quote, or a doubled one, by memchr: strings and quoted
      // names are long runs with no other character to look at.
      while (i < end) {
        const void* found = std::memchr(text.data() + i, q, end - i);
        if (found == nullptr) return end;
        i = static_cast<size_t>(static_cast<const char*>(found) - text.data());
        if (at(i + 1) != q) return i + 1;
        i += 2;
      }
      return end;
    }
    while (i < end) {
      char c = text[i];
      if (backslash_escapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == q) {
        if (at(i + 1) == q) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      ++i;
    }
    return end;
  }
  // At '$': returns the length of a dollar-quote tag like "$tag$" or "$$", 0 if none.
  size_t dollar_tag(size_t i) const {
    size_t j = i + 1;
    if (j < end && text[j] == '$') return 2;
    if (j >= end || !is_ident_start(static_cast<unsigned char>(text[j]))) return 0;
    while (j < end && text[j] != '$') {
      auto c = static_cast<unsigned char>(text[j]);
      if (!(is_alpha(c) || is_digit(c) || c == '_' || c >= 0x80)) return 0;
      ++j;
    }
    return j < end ? j - i + 1 : 0;
  }
  size_t dollar_quoted(size_t i, size_t tag_len) const {
    std::string_view tag = text.substr(i, tag_len);
    size_t found = text.substr(0, end).find(tag, i + tag_len);
    return found == std::string_view::npos ? end : found + tag_len;
  }
  // A number from its first character: digits, letters, dots, underscores.
  size_t number(size_t i) const {
    size_t e = i + 1;
    while (e < end && (is_alpha(static_cast<unsigned char>(text[e])) || is_digit(static_cast<unsigned char>(text[e])) ||
                       text[e] == '.' || text[e] == '_'))
      ++e;
    return e;
  }
  size_t word(size_t i) const {
    while (i < end && is_ident_char(static_cast<unsigned char>(text[i]))) ++i;
    return i;
  }
  // Strings may carry a prefix: E'..' (backslash escapes), B'..', X'..', N'..', U&'..'.
  [[nodiscard]] bool escape_string_prefix(size_t word_begin, size_t word_end) const {
    return word_end - word_begin == 1 && (text[word_begin] == 'e' || text[word_begin] == 'E');
  }
};

// Meta-commands that send the query buffer, ending the current statement.
bool meta_sends_buffer(std::string_view cmd) {
  static constexpr std::string_view k_senders[] = {"g",     "gx",           "gset",  "gexec",
                                                   "gdesc", "crosstabview", "watch", "bind"};
  return std::any_of(std::begin(k_senders), std::end(k_senders), [&](std::string_view s) { return cmd == s; });
}

}  // namespace

uint32_t skip_trivia(std::string_view text, uint32_t pos, uint32_t end) {
  Scanner sc{text, end};
  size_t i = pos;
  while (i < end) {
    auto c = static_cast<unsigned char>(text[i]);
    if (is_space(c)) {
      ++i;
    } else if (c == '-' && sc.at(i + 1) == '-') {
      i = sc.line_comment(i);
    } else if (c == '/' && sc.at(i + 1) == '*') {
      i = sc.block_comment(i);
    } else {
      break;
    }
  }
  return static_cast<uint32_t>(i);
}

namespace {

// The lexer's state between two characters of the text.
struct LexState {
  size_t stmt_begin = 0;     // first token of the current statement
  size_t stmt_last_end = 0;  // end of its last token
  bool in_stmt = false;
  int paren_depth = 0;
  int begin_depth = 0;           // BEGIN ATOMIC / CASE nesting inside CREATE FUNCTION
  int word_count = 0;            // words seen in this statement
  bool function_like = false;    // statement is CREATE [OR REPLACE] FUNCTION/PROCEDURE
  std::string_view words[4];     // the first words, to recognise the statement kind
  bool copy_from_stdin = false;  // COPY ... FROM stdin: data follows the statement
  bool copy_stmt = false;        // the statement's first word is COPY (when word_count > 0)

  // Whether a lexer starting afresh would go on from here the same way
  // (the first words are overwritten before they are read).
  [[nodiscard]] bool fresh() const {
    return !in_stmt && paren_depth == 0 && begin_depth == 0 && word_count == 0 && !function_like && !copy_from_stdin;
  }
};

// Completes the open statement, if any, and starts afresh (but for COPY,
// whose data comes after the statement).
void end_statement(LexState& st, LexedFile& out) {
  if (st.in_stmt) {
    out.statements.push_back(Span{static_cast<uint32_t>(st.stmt_begin), static_cast<uint32_t>(st.stmt_last_end)});
  }
  st.in_stmt = false;
  st.paren_depth = 0;
  st.begin_depth = 0;
  st.word_count = 0;
  st.function_like = false;
  st.copy_stmt = false;
}

// A word of the statement: the first four tell its kind (CREATE [OR
// REPLACE] FUNCTION or PROCEDURE, COPY); a function's BEGIN, CASE and END
// nest; COPY .. STDIN has data after it.
void note_word(LexState& st, std::string_view w) {
  if (st.word_count < 4) st.words[st.word_count] = w;
  ++st.word_count;
  if (st.word_count == 1) st.copy_stmt = iequals_ascii(w, "copy");
  if (st.word_count == 2 || st.word_count == 3 || st.word_count == 4) {
    if (iequals_ascii(st.words[0], "create")) {
      std::string_view kind = st.words[st.word_count - 1];
      bool or_replace = st.word_count == 4 && iequals_ascii(st.words[1], "or") && iequals_ascii(st.words[2], "replace");
      if ((st.word_count == 2 || or_replace) && (iequals_ascii(kind, "function") || iequals_ascii(kind, "procedure"))) {
        st.function_like = true;
      }
    }
  }
  if (st.function_like && (iequals_ascii(w, "begin") || iequals_ascii(w, "case"))) {
    ++st.begin_depth;
  } else if (st.function_like && iequals_ascii(w, "end") && st.begin_depth > 0) {
    --st.begin_depth;
  }
  if (st.copy_stmt && iequals_ascii(w, "stdin")) st.copy_from_stdin = true;
}

// The bytes at which lex_run does more than move a statement's end: those
// that may start a string, quoted name, dollar quote or comment, or that end
// the statement or change its nesting.
constexpr bool is_marker(unsigned char c) {
  switch (k_lex_class[c]) {
    case LexClass::Dash:
    case LexClass::Slash:
    case LexClass::Backslash:
    case LexClass::Semicolon:
    case LexClass::Quote:
    case LexClass::DoubleQuote:
    case LexClass::Dollar:
    case LexClass::Open:
    case LexClass::Close:
      return true;
    default:
      return false;
  }
}

// The first marker in [i, to), or `to`: sixteen bytes at a time with SSE2
// (every x86-64 has it), then one at a time.
size_t next_marker(std::string_view text, size_t i, size_t to) {
#if defined(__SSE2__)
  static constexpr char k_markers[] = {'-', '/', '\\', ';', '\'', '"', '$', '(', ')'};
  static_assert(std::all_of(std::begin(k_markers), std::end(k_markers),
                            [](char c) { return is_marker(static_cast<unsigned char>(c)); }),
                "k_markers are markers");
  static_assert(
      [] {
        size_t n = 0;
        for (size_t c = 0; c < 256; ++c) n += is_marker(static_cast<unsigned char>(c)) ? 1 : 0;
        return n;
      }() == std::size(k_markers),
      "every marker is in k_markers");
  for (; i + 16 <= to; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i hit = _mm_cmpeq_epi8(v, _mm_set1_epi8(k_markers[0]));
    for (size_t k = 1; k < std::size(k_markers); ++k)
      hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(k_markers[k])));
    if (const int mask = _mm_movemask_epi8(hit); mask != 0)
      return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < to && !is_marker(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// Inside a statement whose kind is known, and that is not a function (whose
// BEGIN and END nest) or a COPY (whose STDIN matters), the words, numbers,
// operators and spaces between two markers only move the statement's end:
// they are skipped in one scan from `i`, a token boundary, rather than token
// by token. Sets `marker` to the next marker (or `to`) and returns where
// lex_run goes on token by token: the marker, or, when the token touching
// it may take it in, the token boundary before that token, from which
// lex_run's own scans decide. Those tokens are a word before a `$` (a word
// may hold `$`), a word before a quote whose prefix may be E (E'..' strings
// take backslash escapes), and the token at `to` (it may run past `to`, as
// lex_run lets it). Going on from a boundary of lex_run's own tokens, and
// noting the end of the last non-space byte skipped, leaves lex_run as it
// would have been.
size_t skip_plain(std::string_view text, size_t i, size_t to, size_t& last_end, size_t& marker) {
  const size_t p = next_marker(text, i, to);
  marker = p;
  size_t r = p;
  bool may_join = false;
  if (p > i) {
    const auto before = static_cast<unsigned char>(text[p - 1]);
    may_join = p == to           ? to < text.size()
               : text[p] == '$'  ? is_ident_char(before)
               : text[p] == '\'' ? before == 'e' || before == 'E'
                                 : false;
  }
  if (may_join) {
    // Back to just after the last space or one-character token: the bytes
    // between two markers hold no string or comment, so these are
    // boundaries of lex_run's tokens.
    while (r > i && (is_ident_char(static_cast<unsigned char>(text[r - 1])) || text[r - 1] == '.')) --r;
  }
  size_t e = r;
  while (e > i && is_space(static_cast<unsigned char>(text[e - 1]))) --e;
  if (e > i) last_end = e;
  return r;
}

// Lexes `text` from `from` for as long as the position is before `to`,
// carrying `st`; a token, comment or COPY data block may run past `to`.
// Returns the position reached (`to` or beyond).
size_t lex_run(std::string_view text, size_t from, size_t to, LexState& st, LexedFile& out) {
  Scanner sc{text, text.size()};
  const size_t n = text.size();

  auto token = [&](size_t b, size_t e) {
    if (!st.in_stmt) {
      st.in_stmt = true;
      st.stmt_begin = b;
    }
    st.stmt_last_end = e;
  };
  // A number from i, a token.
  auto number = [&](size_t i) {
    size_t e = sc.number(i);
    token(i, e);
    return e;
  };
  // A comment from i to e, noted; returns e.
  auto comment = [&](size_t i, size_t e, bool line) {
    out.comments.push_back(Comment{Span{static_cast<uint32_t>(i), static_cast<uint32_t>(e)}, line});
    return e;
  };
  // COPY data: from the line after the statement up to and including a line "\.".
  auto skip_copy_data = [&](size_t i) -> size_t {
    size_t line = text.find('\n', i);
    if (line == std::string_view::npos) return n;
    size_t data_begin = line + 1;
    size_t p = data_begin;
    while (p < n) {
      size_t eol = text.find('\n', p);
      size_t le = eol == std::string_view::npos ? n : eol;
      std::string_view l = text.substr(p, le - p);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      p = eol == std::string_view::npos ? n : eol + 1;
      if (l == "\\.") break;
    }
    if (p > data_begin) out.blanked.push_back(Span{static_cast<uint32_t>(data_begin), static_cast<uint32_t>(p)});
    return p;
  };

  size_t i = from;
  // Where skip_plain may next skip from: after it stopped short of a marker,
  // the bytes up to the marker are lexed token by token, once.
  size_t skip_from = from;
  while (i < to) {
    if (i >= skip_from && st.in_stmt && st.word_count >= 4 && !st.function_like && !st.copy_stmt) {
      i = skip_plain(text, i, to, st.stmt_last_end, skip_from);
      if (i >= to) break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    // One table lookup and one jump picks the branch: the chain of tests it
    // replaces made every word and punctuation mark pass eight of them.
    switch (k_lex_class[c]) {
      case LexClass::Space:
        ++i;
        while (i < to && is_space(static_cast<unsigned char>(text[i]))) ++i;
        continue;
      case LexClass::Word: {
        size_t e = sc.word(i);
        // A string prefix such as E'..', B'..', X'..', N'..' or U&'..'.
        if (sc.at(e) == '\'') {
          size_t se = sc.quoted(e, '\'', sc.escape_string_prefix(i, e));
          token(i, se);
          i = se;
          continue;
        }
        token(i, e);
        // Past the first four words only a function body's BEGIN/CASE/END
        // and COPY's STDIN matter.
        if (st.word_count < 4 || st.function_like || st.copy_stmt) note_word(st, text.substr(i, e - i));
        i = e;
        continue;
      }
      case LexClass::Digit:
        i = number(i);
        continue;
      case LexClass::Dot:
        if (is_digit(static_cast<unsigned char>(sc.at(i + 1)))) {
          i = number(i);
          continue;
        }
        break;
      case LexClass::Dash:
        if (sc.at(i + 1) == '-') {
          i = comment(i, sc.line_comment(i), true);
          continue;
        }
        break;
      case LexClass::Slash:
        if (sc.at(i + 1) == '*') {
          i = comment(i, sc.block_comment(i), false);
          continue;
        }
        break;
      case LexClass::Backslash: {
        // psql meta-command: runs to the end of the line.
        size_t e = sc.line_comment(i);
        size_t ce = i + 1;
        while (ce < e && is_alpha(static_cast<unsigned char>(text[ce]))) ++ce;
        std::string_view cmd = text.substr(i + 1, ce - i - 1);
        out.blanked.push_back(Span{static_cast<uint32_t>(i), static_cast<uint32_t>(e)});
        if (st.in_stmt && meta_sends_buffer(cmd)) end_statement(st, out);
        i = e;
        continue;
      }
      case LexClass::Semicolon:
        if (st.paren_depth <= 0 && st.begin_depth <= 0) {
          bool copy = st.in_stmt && st.copy_from_stdin;
          end_statement(st, out);
          st.copy_from_stdin = false;
          ++i;
          if (copy) i = skip_copy_data(i);
          continue;
        }
        break;
      case LexClass::Quote:
      case LexClass::DoubleQuote: {
        size_t e = sc.quoted(i, static_cast<char>(c), false);
        token(i, e);
        i = e;
        continue;
      }
      case LexClass::Dollar: {
        size_t tag = (i > 0 && is_ident_char(static_cast<unsigned char>(text[i - 1]))) ? 0 : sc.dollar_tag(i);
        if (tag > 0) {
          size_t e = sc.dollar_quoted(i, tag);
          token(i, e);
          i = e;
          continue;
        }
        size_t e = i + 1;
        while (e < n && is_digit(static_cast<unsigned char>(text[e]))) ++e;
        token(i, e);
        i = e;
        continue;
      }
      case LexClass::Open:
        ++st.paren_depth;
        break;
      case LexClass::Close:
        if (st.paren_depth > 0) --st.paren_depth;
        break;
      case LexClass::Other:
        break;
    }
    // A one-character token.
    token(i, i + 1);
    ++i;
  }
  return i;
}

// Ends the text: the statement still open, if any, is complete.
void lex_end(LexState& st, LexedFile& out) {
  end_statement(st, out);
  st = LexState{};
}

void append(LexedFile& to, LexedFile&& from) {
  to.statements.insert(to.statements.end(), from.statements.begin(), from.statements.end());
  to.comments.insert(to.comments.end(), from.comments.begin(), from.comments.end());
  to.blanked.insert(to.blanked.end(), from.blanked.begin(), from.blanked.end());
}

}  // namespace

LexedFile lex_file(std::string_view text) {
  LexedFile out;
  LexState st;
  lex_run(text, 0, text.size(), st, out);
  lex_end(st, out);
  return out;
}

LexedFile lex_file_split(std::string_view text, std::span<const size_t> splits) {
  // Pieces [0, splits[0]), [splits[0], splits[1]), ..., [splits.back(), n).
  const size_t n = text.size();
  std::vector<size_t> bounds{0};
  for (size_t s : splits) {
    if (s > bounds.back() && s < n) bounds.push_back(s);
  }
  bounds.push_back(n);
  const size_t pieces = bounds.size() - 1;
  struct Piece {
    LexedFile out;
    LexState st;
    size_t reached = 0;
  };
  std::vector<Piece> found(pieces);
  {
    Crew crew(static_cast<unsigned>(pieces - 1), [&](unsigned t) {
      const size_t p = t + 1;
      found[p].reached = lex_run(text, bounds[p], bounds[p + 1], found[p].st, found[p].out);
    });
    found[0].reached = lex_run(text, 0, bounds[1], found[0].st, found[0].out);
    crew.wait();
  }
  // Piece p holds if the lexing before it stopped exactly at its start in a
  // fresh state: then going on from there is what the piece did. Otherwise
  // the piece is lexed again, going on from where the lexing before it stopped.
  LexedFile out = std::move(found[0].out);
  LexState st = found[0].st;
  size_t reached = found[0].reached;
  for (size_t p = 1; p < pieces; ++p) {
    if (reached == bounds[p] && st.fresh()) {
      append(out, std::move(found[p].out));
      st = found[p].st;
      reached = found[p].reached;
    } else {
      reached = std::max(reached, lex_run(text, reached, bounds[p + 1], st, out));
    }
  }
  lex_end(st, out);
  return out;
}

LexedFile lex_file(std::string_view text, unsigned threads) {
  if (threads <= 1 || text.size() < k_split_lex_bytes) return lex_file(text);
  // Cut after a ";" that ends a line, near each k/threads of the text: most
  // often the end of a statement, and when it is not, lex_file_split finds out.
  std::vector<size_t> splits;
  for (unsigned k = 1; k < threads; ++k) {
    size_t at = text.find(";\n", text.size() / threads * k);
    if (at == std::string_view::npos) break;
    if (splits.empty() || at + 2 > splits.back()) splits.push_back(at + 2);
  }
  return lex_file_split(text, splits);
}

TokenScanner::TokenScanner(std::string_view text, Span within)
    : m_text(text), m_pos(within.begin), m_end(std::min<size_t>(within.end, text.size())) {}

bool TokenScanner::next(Token& out) {
  const std::string_view text = m_text;
  const size_t n = m_end;
  Scanner sc{text, n};
  size_t i = skip_trivia(text, static_cast<uint32_t>(m_pos), static_cast<uint32_t>(n));
  if (i >= n) {
    m_pos = n;
    return false;
  }
  auto c = static_cast<unsigned char>(text[i]);
  TokenKind kind = TokenKind::Operator;
  size_t e = i + 1;
  if (c == '\'') {
    kind = TokenKind::String;
    e = sc.quoted(i, '\'', false);
  } else if (c == '"') {
    kind = TokenKind::QuotedIdent;
    e = sc.quoted(i, '"', false);
  } else if (c == '$') {
    size_t tag = (i > 0 && is_ident_char(static_cast<unsigned char>(text[i - 1]))) ? 0 : sc.dollar_tag(i);
    e = tag > 0 ? sc.dollar_quoted(i, tag) : i + 1;
    if (tag == 0) {
      while (e < n && is_digit(static_cast<unsigned char>(text[e]))) ++e;
    }
    kind = tag > 0 ? TokenKind::String : TokenKind::Param;
  } else if (is_ident_start(c)) {
    e = sc.word(i);
    kind = TokenKind::Word;
    if (sc.at(e) == '\'') {
      e = sc.quoted(e, '\'', sc.escape_string_prefix(i, e));
      kind = TokenKind::String;
    }
  } else if (is_digit(c)) {
    kind = TokenKind::Number;
    e = sc.number(i);
  } else if (std::string_view("(),;[].").find(static_cast<char>(c)) != std::string_view::npos) {
    kind = TokenKind::Punct;
  } else {
    while (e < n && std::string_view("+-*/<>=~!@#%^&|`?:").find(text[e]) != std::string_view::npos) ++e;
  }
  out = Token{kind, Span{static_cast<uint32_t>(i), static_cast<uint32_t>(std::min(e, n))}};
  m_pos = e;
  return true;
}

std::vector<Token> tokenize(std::string_view text, Span within) {
  std::vector<Token> toks;
  TokenScanner sc(text, within);
  for (Token t{}; sc.next(t);) toks.push_back(t);
  return toks;
}

}  // namespace pgsafe
