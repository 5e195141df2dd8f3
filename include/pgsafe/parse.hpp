// Parsing: a file's statements as PostgreSQL 15 parse trees.
//
// parse.cpp and raw_tree.cpp are the only files that use libpg_query. A
// file is parsed in chunks of whole statements, one libpg_query call per
// chunk when the chunk is valid; after a syntax error, the statement at the
// error (as split by the lexer) is parsed on its own, so one syntax error
// costs only that statement and everything else in the file is still linted.
#pragma once

#include <memory>
#include <span>
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

// (`base` sits in the padding at the end of `node`, so a Statement takes 32
// bytes rather than 40: a large migration has tens of thousands.)
struct Statement {
  Span span;  // first token to last token (no leading comments, no ';')
  // e.g. {"AlterTableStmt": {...}}; empty if it failed to parse or its tree was freed
  [[no_unique_address]] Node node;
  uint32_t base = 0;                   // the tree's "location" fields are relative to this offset
  std::unique_ptr<SyntaxError> error;  // null when it parsed (out of line: a large file has few)

  // A node location as a file offset.
  [[nodiscard]] uint32_t at(int location) const { return base + static_cast<uint32_t>(location < 0 ? 0 : location); }
};

struct ParsedFile {
  SourceFile source;
  std::vector<Statement> statements;
  std::vector<Comment> comments;
  std::vector<std::unique_ptr<Tree>> trees;  // own the nodes

  [[nodiscard]] std::string_view text() const { return source.text; }
  [[nodiscard]] std::string_view slice(Span s) const {
    return std::string_view(source.text).substr(s.begin, s.end - s.begin);
  }
};

// Parses a loaded source file. Never throws on bad SQL; thread-safe.
std::unique_ptr<ParsedFile> parse_source(SourceFile source);

// The same in three steps, so that the chunks of one large file can be
// parsed on several threads: begin_parse lexes the file and cuts it into
// chunks of whole statements (about k_chunk_bytes each); parse_chunk(k) may
// run concurrently for distinct k; finish() joins the chunks in order.
// Smaller chunks keep libpg_query's and the tree writer's working memory
// small and spread a big file over the cores; the cut depends only on the
// text, so the result does not depend on how many threads ran.
inline constexpr uint32_t k_chunk_bytes = 16 * 1024;

class PendingParse {
 public:
  PendingParse();
  PendingParse(PendingParse&&) noexcept;
  PendingParse& operator=(PendingParse&&) noexcept;
  ~PendingParse();

  [[nodiscard]] size_t chunk_count() const;
  // The size of chunk k's text in bytes.
  [[nodiscard]] uint32_t chunk_bytes(size_t k) const;
  // How many statements the lexer found (the parser may find a few more).
  [[nodiscard]] size_t lexed_statements() const { return m_statements.size(); }
  void parse_chunk(size_t k);
  // The file being parsed (its statements are filled in by finish()) and
  // the statements of a parsed chunk, which keep their addresses until finish().
  [[nodiscard]] const ParsedFile& file() const { return *m_file; }
  [[nodiscard]] std::span<const Statement> chunk_statements(size_t k) const;
  // A chunk's statements and the trees that own their nodes; what
  // retire_chunk hands back, with the statements moved out.
  struct Remains {
    std::vector<std::unique_ptr<Tree>> trees;
    std::vector<Statement> statements;
  };
  // Once chunk k's trees will not be read again, moves its statements, with
  // empty nodes, to the end of file().statements, in order (k is the next
  // chunk not yet committed): a large file's statements are never held
  // twice, as they were when finish() joined every chunk at the end. The
  // statements move, so pointers to them (StmtInfo::stmt) must be set again
  // from file().statements before they are read. The trees and the chunk's
  // own vector are handed back, not freed here, so that the caller can free
  // them on the thread that allocated them: a thread freeing into another's
  // malloc arena takes that arena's lock, and stalls its owner.
  [[nodiscard]] Remains retire_chunk(size_t k);
  // Commits the chunks not yet committed and hands over the file.
  std::unique_ptr<ParsedFile> finish() &&;

 private:
  struct Chunk;
  friend PendingParse begin_parse(SourceFile source, unsigned lex_threads);
  std::unique_ptr<ParsedFile> m_file;
  std::vector<Span> m_blanked;     // bytes libpg_query must not see: psql meta-commands, COPY data
  std::vector<Span> m_statements;  // as the lexer split them
  std::vector<Chunk> m_chunks;
  // Moves chunk k's statements (k is the next chunk not yet committed), and
  // its trees if `trees`, to m_file.
  void append_chunk(size_t k, bool trees);
  size_t m_committed = 0;  // chunks [0, m_committed) are in m_file->statements
};

// `lex_threads`: threads that may lex a large file (lex_file's split).
PendingParse begin_parse(SourceFile source, unsigned lex_threads = 1);

// `type`, a node type name read from a tree, in storage that outlives every
// tree; "" if the tree writer does not know the name.
std::string_view lasting_node_type(std::string_view type);

// When a statement the PostgreSQL 15 grammar rejects uses syntax from a newer
// release, names it ("PostgreSQL 17: ALTER COLUMN ... SET EXPRESSION"); else "".
std::string newer_syntax_hint(std::string_view text, Span stmt);

}  // namespace pgsafe
