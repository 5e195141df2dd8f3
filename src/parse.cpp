#include "pgsafe/parse.hpp"

#include <pg_query.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include <fmt/format.h>

namespace pgsafe {
namespace {

// RAII for libpg_query's parse result.
class ParseResult {
 public:
  explicit ParseResult(const char* sql) : m_r(pg_query_parse(sql)) {}
  ~ParseResult() { pg_query_free_parse_result(m_r); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  [[nodiscard]] const PgQueryError* error() const { return m_r.error; }
  [[nodiscard]] std::string_view json() const {
    return m_r.parse_tree ? std::string_view(m_r.parse_tree) : std::string_view();
  }

 private:
  PgQueryParseResult m_r;
};

simdjson::dom::parser& json_parser() {
  // Parse trees nest as deeply as the SQL does; simdjson's default depth
  // limit (1024) is too low for machine-written expressions.
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    if (p.allocate(1 << 16, 1 << 16) != simdjson::SUCCESS) {
      // Keep the defaults; deep trees then fail to load and are reported.
    }
    return p;
  }();
  return parser;
}

// The text handed to libpg_query: the file with psql meta-commands, COPY data
// and NUL bytes replaced by spaces, so byte offsets stay the same.
std::string sanitize(std::string_view text, const std::vector<Span>& blanked) {
  std::string out(text);
  for (const Span& s : blanked) {
    for (uint32_t i = s.begin; i < s.end && i < out.size(); ++i) {
      if (out[i] != '\n') out[i] = ' ';
    }
  }
  std::replace(out.begin(), out.end(), '\0', ' ');
  // Flyway-style ${placeholders} become identifiers of the same length
  // (`${schema}` -> `__schema_`), so the statements around them still parse.
  for (size_t i = out.find("${"); i != std::string::npos; i = out.find("${", i + 1)) {
    size_t j = i + 2;
    while (j < out.size() &&
           (std::isalnum(static_cast<unsigned char>(out[j])) || std::strchr("_.:-", out[j]) != nullptr))
      ++j;
    if (j == i + 2 || j >= out.size() || out[j] != '}') continue;
    for (size_t k = i; k <= j; ++k) {
      if (!std::isalnum(static_cast<unsigned char>(out[k]))) out[k] = '_';
    }
  }
  return out;
}

// Offset of the first byte that is not part of valid UTF-8, or npos.
size_t invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xC2 && c <= 0xDF) ? 2
                 : (c >= 0xE0 && c <= 0xEF) ? 3
                 : (c >= 0xF0 && c <= 0xF4) ? 4
                                            : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    auto c1 = static_cast<unsigned char>(s[i + 1 < s.size() ? i + 1 : i]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
      return i;  // overlong, surrogate or beyond U+10FFFF
    }
    i += len;
  }
  return std::string_view::npos;
}

// libpg_query's cursorpos is a 1-based character position.
uint32_t char_pos_to_offset(std::string_view text, int cursorpos) {
  if (cursorpos <= 0) return 0;
  int chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (++chars == cursorpos) return static_cast<uint32_t>(i);
    }
  }
  return static_cast<uint32_t>(text.size());
}

uint32_t trim_end(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return end;
}

// Parses `json` into a new document owned by `file`; returns its "stmts" array.
std::optional<Node> load_tree(ParsedFile& file, std::string_view json) {
  auto doc = std::make_unique<simdjson::dom::document>();
  simdjson::dom::element root;
  if (json_parser().parse_into_document(*doc, json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  file.trees.push_back(std::move(doc));
  return Node(root)["stmts"];
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string newer_syntax_hint(std::string_view text, Span stmt) {
  std::vector<std::string> words;
  for (const Token& t : tokenize(text, stmt)) {
    if (t.kind == TokenKind::Word) {
      words.push_back(lower_ascii(text.substr(t.span.begin, t.span.end - t.span.begin)));
    } else if (t.kind == TokenKind::Number) {
      std::string_view num = text.substr(t.span.begin, t.span.end - t.span.begin);
      if (num.find('_') != std::string_view::npos || num.starts_with("0x") || num.starts_with("0X") ||
          num.starts_with("0o") || num.starts_with("0b")) {
        return "PostgreSQL 16: non-decimal or underscored numeric literals";
      }
      words.emplace_back("#");
    } else {
      words.emplace_back(text.substr(t.span.begin, t.span.end - t.span.begin));
    }
  }
  auto has = [&](std::initializer_list<std::string_view> seq) {
    if (seq.size() > words.size()) return false;
    for (size_t i = 0; i + seq.size() <= words.size(); ++i) {
      if (std::equal(seq.begin(), seq.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) return true;
    }
    return false;
  };
  struct Marker {
    std::initializer_list<std::string_view> seq;
    const char* what;
  };
  static const std::array<Marker, 17> k_markers{{
      {{"set", "expression"}, "PostgreSQL 17: ALTER COLUMN ... SET EXPRESSION"},
      {{"not", "enforced"}, "PostgreSQL 18: NOT ENFORCED constraints"},
      {{"without", "overlaps"}, "PostgreSQL 18: WITHOUT OVERLAPS"},
      {{")", "virtual"}, "PostgreSQL 18: virtual generated columns"},
      {{"json_table"}, "PostgreSQL 17: JSON_TABLE"},
      {{"json_exists"}, "PostgreSQL 17: SQL/JSON query functions"},
      {{"json_query"}, "PostgreSQL 17: SQL/JSON query functions"},
      {{"json_value"}, "PostgreSQL 17: SQL/JSON query functions"},
      {{"merge_action"}, "PostgreSQL 17: MERGE ... RETURNING"},
      {{"split", "partition"}, "PostgreSQL 17: SPLIT PARTITION"},
      {{"merge", "partitions"}, "PostgreSQL 17: MERGE PARTITIONS"},
      {{"json_array"}, "PostgreSQL 16: SQL/JSON constructors"},
      {{"json_object"}, "PostgreSQL 16: SQL/JSON constructors"},
      {{"is", "json"}, "PostgreSQL 16: IS JSON"},
      {{"system_user"}, "PostgreSQL 16: SYSTEM_USER"},
      {{"maintain"}, "PostgreSQL 17: the MAINTAIN privilege"},
      {{"period"}, "PostgreSQL 18: temporal foreign keys (PERIOD)"},
  }};
  for (const Marker& m : k_markers) {
    if (has(m.seq)) return m.what;
  }
  // PostgreSQL 18: named NOT NULL constraints, e.g. ADD CONSTRAINT c NOT NULL col [NOT VALID].
  for (size_t i = 0; i + 3 < words.size(); ++i) {
    if (words[i] == "constraint" && words[i + 2] == "not" && words[i + 3] == "null") {
      return "PostgreSQL 18: named NOT NULL constraints";
    }
  }
  if (has({"returning", "old"}) || has({"returning", "new"})) return "PostgreSQL 18: RETURNING OLD/NEW";
  if (has({"merge"}) && has({"returning"})) return "PostgreSQL 17: MERGE ... RETURNING";
  return {};
}

std::unique_ptr<ParsedFile> parse_source(SourceFile source) {
  auto file = std::make_unique<ParsedFile>();
  file->source = std::move(source);
  std::string_view text = file->source.text;
  if (file->source.lines.line_count() == 0) {
    file->source.lines = LineIndex(text);
  }
  LexedFile lexed = lex_file(text);
  file->comments = std::move(lexed.comments);
  const std::string clean = sanitize(text, lexed.blanked);

  // Fast path: the whole file in one call.
  {
    ParseResult whole(clean.c_str());
    if (whole.error() == nullptr) {
      if (auto stmts = load_tree(*file, whole.json())) {
        for (Node raw : *stmts) {
          auto loc = static_cast<uint32_t>(raw["stmt_location"].num(0));
          auto len = static_cast<uint32_t>(raw["stmt_len"].num(0));
          uint32_t end = len == 0 ? static_cast<uint32_t>(text.size()) : loc + len;
          uint32_t begin = skip_trivia(clean, loc, end);
          Statement st;
          st.span = Span{begin, trim_end(clean, begin, end)};
          st.node = raw["stmt"];
          file->statements.push_back(std::move(st));
        }
        return file;
      }
    }
  }

  // Slow path: statement by statement, as the lexer split them.
  for (const Span& s : lexed.statements) {
    Statement st;
    st.span = s;
    st.base = s.begin;
    std::string piece = clean.substr(s.begin, s.end - s.begin);
    ParseResult one(piece.c_str());
    if (const PgQueryError* err = one.error()) {
      SyntaxError e;
      e.message = err->message ? err->message : "syntax error";
      e.offset =
          s.begin + std::min<uint32_t>(char_pos_to_offset(piece, err->cursorpos), static_cast<uint32_t>(piece.size()));
      if (e.message.starts_with("memory exhausted"))
        e.message += " (the statement nests too deeply for the PostgreSQL parser)";
      std::string hint = newer_syntax_hint(text, s);
      if (!hint.empty()) {
        e.message +=
            fmt::format(" (this looks like {} syntax, newer than the PostgreSQL 15 grammar pgsafe parses with)", hint);
      }
      st.error = std::move(e);
      file->statements.push_back(std::move(st));
      continue;
    }
    auto stmts = load_tree(*file, one.json());
    if (size_t bad = invalid_utf8_at(piece); !stmts && bad != std::string_view::npos) {
      // PostgreSQL rejects such a statement; simdjson rejects its parse tree.
      st.error = SyntaxError{
          fmt::format("invalid byte sequence for encoding \"UTF8\": 0x{:02x}", static_cast<unsigned char>(piece[bad])),
          s.begin + static_cast<uint32_t>(bad)};
      file->statements.push_back(std::move(st));
      continue;
    }
    if (!stmts) {
      st.error = SyntaxError{"statement nests too deeply for pgsafe to analyse", s.begin};
      file->statements.push_back(std::move(st));
      continue;
    }
    // A chunk normally holds one statement; it may hold none (only a
    // meta-command) or, rarely, several.
    for (Node raw : *stmts) {
      auto loc = static_cast<uint32_t>(raw["stmt_location"].num(0));
      auto len = static_cast<uint32_t>(raw["stmt_len"].num(0));
      uint32_t end = len == 0 ? static_cast<uint32_t>(piece.size()) : loc + len;
      uint32_t begin = skip_trivia(piece, loc, end);
      Statement sub;
      sub.base = s.begin;
      sub.span = Span{s.begin + begin, s.begin + trim_end(piece, begin, end)};
      sub.node = raw["stmt"];
      file->statements.push_back(std::move(sub));
    }
  }
  return file;
}

}  // namespace pgsafe
