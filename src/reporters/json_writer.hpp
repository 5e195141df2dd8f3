// A streaming JSON writer whose output is byte-identical to nlohmann's
// `dump(2)` of an ordered_json (2-space indent, "key": value), without
// building a DOM first: for large reports the DOM and its serializer cost
// more than linting. Strings that are plain ASCII are escaped here; any other
// string goes through nlohmann (invalid UTF-8 becomes U+FFFD as before).
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <nlohmann/json.hpp>

namespace pgsafe {

// A key written as a string literal (w.field("line", n)): checked when the
// program is compiled to need no escaping, and rendered then, quotes, colon
// and space included, so that writing it is one fixed-size copy. Checking
// and copying each key piece by piece at run time cost as much as writing
// the values: 275 instructions a key, a third of the JSON report.
class JsonKey {
 public:
  static constexpr size_t k_max = 40;  // rendered bytes: the name plus 4
  template <size_t N>
  consteval JsonKey(const char (&name)[N])  // NOLINT(google-explicit-constructor)
      : m_size(static_cast<uint8_t>(N - 1 + 4)) {
    static_assert(N >= 1 && N - 1 + 4 <= k_max, "a JSON key literal of at most 36 bytes");
    m_text[0] = '"';
    for (size_t i = 0; i + 1 < N; ++i) {
      const auto c = static_cast<unsigned char>(name[i]);
      // Not a constant expression, so a compile error: such a key needs escaping.
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') throw "a JSON key literal must be plain ASCII";
      m_text[i + 1] = name[i];
    }
    m_text[N] = '"';
    m_text[N + 1] = ':';
    m_text[N + 2] = ' ';
  }
  // `"name": `, then padding up to k_max bytes.
  [[nodiscard]] const char* rendered() const { return m_text.data(); }
  [[nodiscard]] size_t size() const { return m_size; }

 private:
  std::array<char, k_max> m_text{};
  uint8_t m_size;
};

class JsonWriter {
 public:
  // Output is staged in the writer and appended to `out` by flush(), which
  // the destructor also calls: `out` is complete only after either.
  explicit JsonWriter(std::string& out) : m_out(out) {}
  // A writer whose output continues a document written elsewhere, inside
  // `depth` open containers of which the innermost is an array, with items
  // before this output or not: so that parts of one long array can be
  // written on several threads and joined.
  JsonWriter(std::string& out, size_t depth, bool after_items) : m_out(out), m_stack(depth, Level{'}', false}) {
    if (depth > 0) m_stack.back() = Level{']', !after_items};
  }
  ~JsonWriter() { flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Appends the staged output to `out`.
  void flush() {
    m_out.append(m_stage.data(), m_used);
    m_used = 0;
  }
  // Says the innermost array got items from continuing writers.
  void items_added() { m_stack.back().empty = false; }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(const JsonKey& k) {
    separator();
    // The whole buffer is copied (a fixed size, so a few vector moves); only
    // the key's bytes count.
    std::memcpy(room(JsonKey::k_max), k.rendered(), JsonKey::k_max);
    m_used += k.size();
    m_after_key = true;
  }
  // A key known only at run time, escaped as needed.
  void key_text(std::string_view k) {
    separator();
    if (is_plain(k)) {
      put('"');
      put(k);
      put("\": ");
    } else {
      string_value(k);
      put(": ");
    }
    m_after_key = true;
  }
  void value(std::string_view s) {
    separator();
    string_value(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(uint64_t n) {
    separator();
    char* p = room(24);
    m_used += static_cast<size_t>(std::to_chars(p, p + 24, n).ptr - p);
  }
  void value(int n) { value(static_cast<uint64_t>(n)); }
  void value(uint32_t n) { value(static_cast<uint64_t>(n)); }
  void value(bool b) {
    separator();
    put(b ? std::string_view("true") : std::string_view("false"));
  }
  // A value already rendered as JSON (a number or null).
  void raw(std::string_view json) {
    separator();
    put(json);
  }
  template <class T>
  void field(const JsonKey& k, const T& v) {
    key(k);
    value(v);
  }

 private:
  struct Level {
    char close;
    bool empty = true;
  };

  // Output goes to a fixed buffer first: appending each piece to the string
  // took a call and a variable-length copy per piece, and the separators,
  // most of the pieces, are copied here at a fixed length.
  static constexpr size_t k_stage_bytes = 8192;
  // At least n bytes of room (n <= k_stage_bytes) at the end of the staged
  // output; the caller writes there and adds what it wrote to m_used.
  char* room(size_t n) {
    if (k_stage_bytes - m_used < n) flush();
    return m_stage.data() + m_used;
  }
  void put(char c) {
    *room(1) = c;
    ++m_used;
  }
  void put(std::string_view s) {
    if (k_stage_bytes - m_used < s.size()) {
      flush();
      if (s.size() > k_stage_bytes / 2) {  // long: straight to the output
        m_out.append(s);
        return;
      }
    }
    if (!s.empty()) std::memcpy(m_stage.data() + m_used, s.data(), s.size());
    m_used += s.size();
  }

  // ",\n" or "\n", then the indent: copied whole, up to k_max_indent.
  static constexpr size_t k_max_indent = 64;
  static constexpr char k_separator[] = ",\n                                                                ";
  static_assert(sizeof k_separator == 2 + k_max_indent + 1);

  // A newline and the indent of the current depth, after a comma or not.
  void newline(bool comma) {
    const size_t indent = 2 * m_stack.size();
    if (indent <= k_max_indent) {
      // The copy has a fixed length (the separator without its NUL, read
      // from its first or second byte), so the compiler makes it a few
      // vector moves; only the part wanted counts.
      constexpr size_t n = sizeof k_separator - 1;
      std::memcpy(room(n), k_separator + (comma ? 0 : 1), n);
      m_used += (comma ? 2 : 1) + indent;
      return;
    }
    if (comma) put(',');
    put('\n');
    for (size_t i = 0; i < indent; ++i) put(' ');
  }
  void separator() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    if (m_stack.empty()) return;
    Level& l = m_stack.back();
    const bool comma = !l.empty;
    l.empty = false;
    newline(comma);
  }
  void open(char c) {
    separator();
    put(c);
    m_stack.push_back(Level{c == '{' ? '}' : ']'});
  }
  void close(char c) {
    bool empty = m_stack.back().empty;
    m_stack.pop_back();
    if (!empty) newline(false);
    put(c);
  }
  // Eight bytes at a time: does `w` hold a byte that is not plain ASCII
  // text (>= 0x80), or one JSON must escape (< 0x20, '"' or '\\')?
  static bool word_is_plain(uint64_t w) {
    constexpr uint64_t ones = 0x0101010101010101ULL;
    constexpr uint64_t highs = 0x8080808080808080ULL;
    auto has_zero = [](uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
    return (w & highs) == 0 && !has_zero(w & ~(ones * 0x1F)) &&  // a byte < 0x20 masks to 0
           !has_zero(w ^ (ones * '"')) && !has_zero(w ^ (ones * '\\'));
  }

  // How many leading bytes of `s` are plain ASCII needing no escape, found
  // sixteen at a time with SSE2 (every x86-64 has it), then eight.
  static size_t plain_prefix(std::string_view s) {
    size_t plain = 0;
#if defined(__SSE2__)
    // As signed bytes, those >= 0x80 are negative: one compare with 0x20
    // finds them and the control characters.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    for (; plain + 16 <= s.size(); plain += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + plain));
      const __m128i bad =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
      if (_mm_movemask_epi8(bad) != 0) break;
    }
#endif
    for (uint64_t w = 0; plain + 8 <= s.size(); plain += 8) {
      std::memcpy(&w, s.data() + plain, 8);
      if (!word_is_plain(w)) break;
    }
    for (; plain < s.size(); ++plain) {
      auto u = static_cast<unsigned char>(s[plain]);
      if (u >= 0x80 || u < 0x20 || u == '"' || u == '\\') break;
    }
    return plain;
  }
  static bool is_plain(std::string_view s) { return plain_prefix(s) == s.size(); }

  void string_value(std::string_view s) {
    const size_t plain = plain_prefix(s);
    if (plain == s.size()) {  // the common case
      put('"');
      put(s);
      put('"');
      return;
    }
    for (size_t i = plain; i < s.size(); ++i) {
      if (static_cast<unsigned char>(s[i]) >= 0x80) {
        put(nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return;
      }
    }
    put('"');
    // Copy runs of characters that need no escape in one step.
    size_t run = 0;
    for (size_t i = plain; i < s.size(); ++i) {
      auto u = static_cast<unsigned char>(s[i]);
      if (u >= 0x20 && u != '"' && u != '\\') continue;
      put(s.substr(run, i - run));
      run = i + 1;
      char c = s[i];
      switch (c) {
        case '"':
          put("\\\"");
          break;
        case '\\':
          put("\\\\");
          break;
        case '\b':
          put("\\b");
          break;
        case '\f':
          put("\\f");
          break;
        case '\n':
          put("\\n");
          break;
        case '\r':
          put("\\r");
          break;
        case '\t':
          put("\\t");
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char k_hex[] = "0123456789abcdef";
            put("\\u00");
            put(k_hex[(c >> 4) & 0xF]);
            put(k_hex[c & 0xF]);
          }
      }
    }
    put(s.substr(run));
    put('"');
  }

  std::string& m_out;
  std::vector<Level> m_stack;
  bool m_after_key = false;
  size_t m_used = 0;  // bytes staged
  std::array<char, k_stage_bytes> m_stage;
};

// A JsonWriter that streams to an ostream in 64 KB pieces, so a large report
// is never held whole: call maybe_flush() between items and finish() at the
// end (it adds the final newline).
class StreamedJson {
 public:
  explicit StreamedJson(std::ostream& out) : m_out(out), m_writer(m_buf) { m_buf.reserve(k_flush_bytes + 4096); }
  JsonWriter& writer() { return m_writer; }
  void maybe_flush() {
    m_writer.flush();
    if (m_buf.size() >= k_flush_bytes) flush();
  }
  void finish() {
    m_writer.flush();
    m_buf += '\n';
    flush();
  }
  // Output written by another JsonWriter, passed through after what this
  // one has written so far.
  void write_raw(std::string_view s) {
    m_writer.flush();
    flush();
    m_out.write(s.data(), static_cast<std::streamsize>(s.size()));
  }

 private:
  static constexpr size_t k_flush_bytes = 1 << 16;
  void flush() {
    m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
    m_buf.clear();
  }
  std::ostream& m_out;
  std::string m_buf;  // before m_writer, which writes into it
  JsonWriter m_writer;
};

}  // namespace pgsafe
