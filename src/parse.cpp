#include "pgsafe/parse.hpp"

#include "raw_tree.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <cstring>
#include <iterator>
#include <span>

#include <fmt/format.h>

namespace pgsafe {
namespace {

// The text handed to libpg_query, one piece at a time: the file's bytes with
// psql meta-commands, COPY data and NUL bytes replaced by spaces, so byte
// offsets stay the same. Cleaning each piece as it is parsed, rather than a
// copy of the whole file up front, saves holding that copy.
struct Cleaner {
  std::string_view text;          // the file as read (what messages quote)
  std::span<const Span> blanked;  // in file order, disjoint

  [[nodiscard]] std::string piece(Span r) const {
    std::string out(text.substr(r.begin, r.end - r.begin));
    auto it = std::partition_point(blanked.begin(), blanked.end(), [&](const Span& s) { return s.end <= r.begin; });
    for (; it != blanked.end() && it->begin < r.end; ++it) {
      for (uint32_t i = std::max(it->begin, r.begin); i < std::min(it->end, r.end); ++i) {
        if (out[i - r.begin] != '\n') out[i - r.begin] = ' ';
      }
    }
    // NUL bytes are rare: memchr finds them many bytes at a time, where a
    // byte-by-byte replace cost 2% of a large file's run.
    for (char* p = out.data(); (p = static_cast<char*>(std::memchr(p, '\0', out.data() + out.size() - p))) != nullptr;)
      *p++ = ' ';
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
};

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

// Keeps the tree of a parse in `trees`; returns its "stmts" array, or
// nothing when the tree is unreadable (see RawParse::take_tree).
std::optional<Node> keep_tree(std::vector<std::unique_ptr<Tree>>& trees, RawParse& parse) {
  std::unique_ptr<Tree> tree = parse.take_tree();
  if (!tree) return std::nullopt;
  trees.push_back(std::move(tree));
  return Node(*trees.back())["stmts"];
}

// Appends the statements of a parse of `piece`, which starts at file offset
// `base`, as libpg_query delimits them.
void append_statements(Node stmts, std::string_view piece, uint32_t base, std::vector<Statement>& out) {
  for (Node raw : stmts) {
    auto loc = static_cast<uint32_t>(raw["stmt_location"].num(0));
    auto len = static_cast<uint32_t>(raw["stmt_len"].num(0));
    uint32_t end = len == 0 ? static_cast<uint32_t>(piece.size()) : loc + len;
    uint32_t begin = skip_trivia(piece, loc, end);
    Statement st;
    st.base = base;
    st.span = Span{base + begin, base + trim_end(piece, begin, end)};
    st.node = raw["stmt"];
    out.push_back(std::move(st));
  }
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

namespace {

// Statements parsed from one chunk, with the trees that own their nodes:
// what retire_chunk hands back.
using ChunkResult = PendingParse::Remains;

// Parses a chunk's statements one by one, as the lexer split them, so a
// syntax error costs only its own statement.
void parse_each(const Cleaner& clean, std::span<const Span> spans, ChunkResult& out) {
  for (const Span& s : spans) {
    Statement st;
    st.span = s;
    st.base = s.begin;
    std::string piece = clean.piece(s);
    RawParse one(piece.c_str());
    if (const PgQueryError* err = one.error()) {
      SyntaxError e;
      e.message = err->message ? err->message : "syntax error";
      e.offset =
          s.begin + std::min<uint32_t>(char_pos_to_offset(piece, err->cursorpos), static_cast<uint32_t>(piece.size()));
      if (e.message.starts_with("memory exhausted"))
        e.message += " (the statement nests too deeply for the PostgreSQL parser)";
      std::string hint = newer_syntax_hint(clean.text, s);
      if (!hint.empty()) {
        e.message +=
            fmt::format(" (this looks like {} syntax, newer than the PostgreSQL 15 grammar pgsafe parses with)", hint);
      }
      st.error = std::make_unique<SyntaxError>(std::move(e));
      out.statements.push_back(std::move(st));
      continue;
    }
    auto stmts = keep_tree(out.trees, one);
    if (size_t bad = invalid_utf8_at(piece); !stmts && bad != std::string_view::npos) {
      // PostgreSQL rejects such a statement; its parse tree has a string that is not UTF-8.
      st.error = std::make_unique<SyntaxError>(SyntaxError{
          fmt::format("invalid byte sequence for encoding \"UTF8\": 0x{:02x}", static_cast<unsigned char>(piece[bad])),
          s.begin + static_cast<uint32_t>(bad)});
      out.statements.push_back(std::move(st));
      continue;
    }
    if (!stmts) {
      st.error =
          std::make_unique<SyntaxError>(SyntaxError{"statement nests too deeply for pgsafe to analyse", s.begin});
      out.statements.push_back(std::move(st));
      continue;
    }
    // A piece normally holds one statement; it may hold none (only a
    // meta-command) or, rarely, several.
    append_statements(*stmts, piece, s.begin, out.statements);
  }
}

// Parses `piece` (the text of `r`) as one run of statements. On a syntax
// error returns its file offset and adds nothing.
std::optional<uint32_t> parse_together(const Cleaner& clean, Span r, std::span<const Span> group, ChunkResult& out) {
  std::string piece = clean.piece(r);
  RawParse res(piece.c_str());
  if (const PgQueryError* err = res.error()) {
    return r.begin + std::min<uint32_t>(char_pos_to_offset(piece, err->cursorpos), static_cast<uint32_t>(piece.size()));
  }
  if (auto stmts = keep_tree(out.trees, res)) {
    append_statements(*stmts, piece, r.begin, out.statements);
  } else {
    parse_each(clean, group, out);  // too deep for one tree: one by one
  }
  return std::nullopt;
}

// Parses `spans`, the whole statements in `range` of the file, after a parse
// of the range failed at file offset `error_at`. The statement the error
// points into is parsed alone (its error is reported as if it stood alone);
// the statements before it are parsed together, and so are those after it
// up to the next error. Each statement costs about two parses, never one
// libpg_query call per statement, which matters for files with many errors.
void parse_after_error(const Cleaner& clean, Span range, std::span<const Span> spans, uint32_t error_at,
                       ChunkResult& out) {
  while (!spans.empty()) {
    // The failing statement: the last one that begins at or before the error.
    auto after =
        std::upper_bound(spans.begin(), spans.end(), error_at, [](uint32_t at, const Span& s) { return at < s.begin; });
    size_t k = after == spans.begin() ? 0 : static_cast<size_t>(after - spans.begin()) - 1;
    if (k > 0 && parse_together(clean, Span{range.begin, spans[k].begin}, spans.first(k), out)) {
      parse_each(clean, spans.first(k), out);
    }
    parse_each(clean, spans.subspan(k, 1), out);
    if (k + 1 == spans.size()) return;
    range.begin = spans[k + 1].begin;
    spans = spans.subspan(k + 1);
    std::optional<uint32_t> next_error = parse_together(clean, range, spans, out);
    if (!next_error) return;
    error_at = *next_error;
  }
}

}  // namespace

struct PendingParse::Chunk {
  Span text;              // the bytes parsed together: whole statements and the trivia after them
  size_t first_stmt = 0;  // the lexer statements inside, [first_stmt, end_stmt)
  size_t end_stmt = 0;
  ChunkResult result;
};

PendingParse::PendingParse() = default;
PendingParse::PendingParse(PendingParse&&) noexcept = default;
PendingParse& PendingParse::operator=(PendingParse&&) noexcept = default;
PendingParse::~PendingParse() = default;

PendingParse begin_parse(SourceFile source, unsigned lex_threads) {
  PendingParse p;
  p.m_file = std::make_unique<ParsedFile>();
  ParsedFile& file = *p.m_file;
  file.source = std::move(source);
  std::string_view text = file.source.text;
  if (file.source.lines.line_count() == 0) {
    file.source.lines = LineIndex(text);
  }
  LexedFile lexed = lex_file(text, lex_threads);
  file.comments = std::move(lexed.comments);
  p.m_blanked = std::move(lexed.blanked);
  p.m_statements = std::move(lexed.statements);

  // Cut the file into chunks of whole statements, each about k_chunk_bytes.
  // The cut depends on the text alone, never on the number of threads, so
  // the result is the same for every --jobs.
  const auto size = static_cast<uint32_t>(text.size());
  PendingParse::Chunk cur;
  for (size_t i = 0; i < p.m_statements.size(); ++i) {
    uint32_t next = i + 1 < p.m_statements.size() ? p.m_statements[i + 1].begin : size;
    if (next - cur.text.begin >= k_chunk_bytes || i + 1 == p.m_statements.size()) {
      cur.text.end = i + 1 == p.m_statements.size() ? size : next;
      cur.end_stmt = i + 1;
      p.m_chunks.push_back(std::move(cur));
      cur = PendingParse::Chunk{};
      cur.text.begin = next;
      cur.first_stmt = i + 1;
    }
  }
  if (p.m_chunks.empty()) p.m_chunks.push_back(PendingParse::Chunk{Span{0, size}, 0, 0, {}});
  return p;
}

size_t PendingParse::chunk_count() const { return m_chunks.size(); }

uint32_t PendingParse::chunk_bytes(size_t k) const { return m_chunks[k].text.end - m_chunks[k].text.begin; }

std::span<const Statement> PendingParse::chunk_statements(size_t k) const { return m_chunks[k].result.statements; }

void PendingParse::parse_chunk(size_t k) {
  Chunk& c = m_chunks[k];
  const Cleaner clean{m_file->source.text, m_blanked};
  std::span<const Span> spans(m_statements.data() + c.first_stmt, c.end_stmt - c.first_stmt);
  // The chunk in one call; after a syntax error, in runs around each error.
  std::optional<uint32_t> error_at = parse_together(clean, c.text, spans, c.result);
  if (error_at) parse_after_error(clean, c.text, spans, *error_at, c.result);
}

void PendingParse::append_chunk(size_t k, bool trees) {
  assert(k == m_committed);
  Chunk& c = m_chunks[k];
  std::vector<Statement>& all = m_file->statements;
  if (all.capacity() == 0) {
    // Room for the statements the lexer found, which the parser rarely
    // exceeds: the vector is allocated once, at its final size. Only this
    // chunk may be read here: later ones may be being parsed on workers.
    all.reserve(std::max(m_statements.size(), c.result.statements.size()));
  }
  std::move(c.result.statements.begin(), c.result.statements.end(), std::back_inserter(all));
  if (trees) std::move(c.result.trees.begin(), c.result.trees.end(), std::back_inserter(m_file->trees));
  ++m_committed;
}

PendingParse::Remains PendingParse::retire_chunk(size_t k) {
  ChunkResult& r = m_chunks[k].result;
  for (Statement& st : r.statements) st.node = Node();
  append_chunk(k, false);
  return std::move(r);
}

std::unique_ptr<ParsedFile> PendingParse::finish() && {
  while (m_committed < m_chunks.size()) {
    const size_t k = m_committed;
    append_chunk(k, true);
    m_chunks[k].result = ChunkResult{};  // its emptied vector, freed one chunk at a time
  }
  m_chunks.clear();
  return std::move(m_file);
}

std::unique_ptr<ParsedFile> parse_source(SourceFile source) {
  PendingParse p = begin_parse(std::move(source));
  for (size_t k = 0; k < p.chunk_count(); ++k) p.parse_chunk(k);
  return std::move(p).finish();
}

}  // namespace pgsafe
