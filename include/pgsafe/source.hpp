// Source files: raw bytes, a line index, and the natural ("migration") order.
//
// Everything inside pgsafe works on byte offsets; only reporters turn an
// offset into a 1-based line and a 1-based column counted in characters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pgsafe {

// A half-open byte range [begin, end) into a file's text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  [[nodiscard]] bool empty() const { return end <= begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

struct Position {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in Unicode code points (UTF-8 aware)
};

// Maps byte offsets to lines. Construction is O(n); lookups are O(log lines)
// plus the length of the line prefix for the character column.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  [[nodiscard]] Position position(std::string_view text, uint32_t offset) const;
  // Column in UTF-16 code units (0-based), as the Language Server Protocol wants.
  [[nodiscard]] uint32_t utf16_column(std::string_view text, uint32_t offset) const;
  [[nodiscard]] uint32_t line_of(uint32_t offset) const;                        // 1-based
  [[nodiscard]] uint32_t line_start(uint32_t line) const;                       // line is 1-based
  [[nodiscard]] uint32_t line_end(std::string_view text, uint32_t line) const;  // before '\n'
  [[nodiscard]] uint32_t line_count() const { return static_cast<uint32_t>(m_starts.size()); }
  // Byte offset of a 1-based line and 0-based UTF-16 column (clamped to the line).
  [[nodiscard]] uint32_t offset_of_utf16(std::string_view text, uint32_t line, uint32_t col16) const;

 private:
  // Whether a line is all ASCII, so that its columns are byte counts: then
  // no column is counted character by character from the line's start
  // (which, for thousands of findings on one long line, was quadratic).
  [[nodiscard]] bool ascii_line(uint32_t line) const;
  std::vector<uint32_t> m_starts;
  std::vector<uint32_t> m_non_ascii;  // the lines (1-based) with a byte >= 0x80, ascending
};

struct SourceFile {
  std::string path;  // as given by the user (or the --stdin-filename)
  std::string text;
  LineIndex lines;
};

// Natural order: digit runs compare numerically ("V2__a.sql" < "V10__b.sql").
bool natural_less(std::string_view a, std::string_view b);

// Counts code points in a UTF-8 byte range; invalid bytes count as one each.
uint32_t count_chars(std::string_view text);

// Offset of the first byte that is not part of valid UTF-8 (overlong forms,
// surrogates and code points beyond U+10FFFF included), or npos.
size_t invalid_utf8_at(std::string_view s);

}  // namespace pgsafe
