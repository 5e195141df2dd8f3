// Text output for people: one block per finding, then a summary line.
//
//   migrations/V2__x.sql:3:1: error[drop-column] dropping column `a` of `t` ...
//     |
//   3 | ALTER TABLE t DROP COLUMN a;
//     |               ^^^^^^^^^^^^^
//     = help: Expand/contract: ...
//     = see: pgsafe explain-rule drop-column
//
// A line longer than k_snippet_chars characters is shown as a window of
// k_window_chars around the finding, with "..." where it is cut: a
// migration written on one line would otherwise print the whole line once
// for every finding in it (3 GB of text for a 144 KB file of 5,000
// statements), and measuring each finding against the whole line took
// quadratic time.
#include <algorithm>

#include <fmt/format.h>

#include "ordered_tasks.hpp"
#include "pgsafe/reporter.hpp"

namespace pgsafe {
namespace {

// Appends to a report buffer. The blocks are most of what a text report
// costs, and with fmt::format_to and a string for each colored piece they
// took about 12,800 instructions a finding (1,300 a line for the runtime
// format strings alone); appending the pieces takes a fraction of that.
struct Out {
  std::string& buf;
  bool color;
  void put(std::string_view s) const { buf.append(s.data(), s.size()); }
  void put(char c) const { buf.push_back(c); }
  void put_n(size_t n, char c) const { buf.append(n, c); }
  void put_num(uint64_t n) const {
    const fmt::format_int f(n);
    buf.append(f.data(), f.size());
  }
  // What start_colored and end_colored bracket is shown in `code`'s color
  // (an SGR parameter such as "1;31") when the output has colors.
  void start_colored(std::string_view code) const {
    if (!color) return;
    put("\x1b[");
    put(code);
    put('m');
  }
  void end_colored() const {
    if (color) put("\x1b[0m");
  }
  void put_colored(std::string_view code, std::string_view s) const {
    start_colored(code);
    put(s);
    end_colored();
  }
  // Replaces tabs and control bytes by spaces, so the caret line stays aligned.
  void put_printable(std::string_view line) const {
    const size_t at = buf.size();
    buf.append(line.data(), line.size());
    for (size_t i = at; i < buf.size(); ++i) {
      const auto u = static_cast<unsigned char>(buf[i]);
      if (u < 0x20 || u == 0x7f) buf[i] = ' ';
    }
  }
};

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::Error:
      return "1;31";
    case Severity::Warning:
      return "1;33";
    case Severity::Note:
      return "1;36";
  }
  return "1";
}

// A line of up to this many characters is shown whole.
constexpr uint32_t k_snippet_chars = 1000;
// A longer one: this many characters, from k_context_chars before the finding.
constexpr uint32_t k_window_chars = 240;
constexpr uint32_t k_context_chars = 80;

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte `n` characters before `at`, not before `lo`.
uint32_t back_chars(std::string_view text, uint32_t at, uint32_t lo, uint32_t n) {
  for (; n > 0 && at > lo; --n) {
    --at;
    while (at > lo && continuation(text[at])) --at;
  }
  return at;
}

// The byte `n` characters after `at`, not after `hi`.
uint32_t forward_chars(std::string_view text, uint32_t at, uint32_t hi, uint32_t n) {
  for (; n > 0 && at < hi; --n) {
    ++at;
    while (at < hi && continuation(text[at])) ++at;
  }
  return at;
}

// What the snippet shows of a line [begin, end): the whole line if it is
// short, else a window around `at` with "..." on each cut side.
struct Snippet {
  uint32_t begin;
  uint32_t end;
  bool cut_before;
  bool cut_after;
};

Snippet snippet_of(std::string_view text, uint32_t begin, uint32_t end, uint32_t at) {
  const uint32_t bytes = end - begin;
  // A character is at most 4 bytes: a line of up to 4 * k_snippet_chars
  // bytes may still be short enough, and counting it costs that much.
  if (bytes <= k_snippet_chars ||
      (bytes <= 4 * k_snippet_chars && count_chars(text.substr(begin, bytes)) <= k_snippet_chars)) {
    return {begin, end, false, false};
  }
  const uint32_t from = back_chars(text, at, begin, k_context_chars);
  const uint32_t to = forward_chars(text, from, end, k_window_chars);
  return {from, to, from > begin, to < end};
}

}  // namespace

void write_text(const LintResult& r, const ReportOptions& o, std::ostream& out) {
  size_t errors = 0;
  size_t warnings = 0;
  size_t notes = 0;
  for (const Diagnostic& d : r.diagnostics) {
    (d.severity == Severity::Error ? errors : d.severity == Severity::Warning ? warnings : notes)++;
  }
  // One block per finding, formatted in batches on several threads.
  auto write_blocks = [&](size_t first, size_t last, std::string& buf) {
    const Out w{buf, o.color};
    for (size_t i = first; i < last; ++i) {
      const Diagnostic& d = r.diagnostics[i];
      const ParsedFile& file = *r.files[d.file].parsed;
      std::string_view text = file.text();
      const LineIndex& li = file.source.lines;
      Position p = li.position(text, d.span.begin);
      uint32_t line_begin = li.line_start(p.line);
      uint32_t line_end = li.line_end(text, p.line);
      std::string_view line = text.substr(line_begin, line_end - line_begin);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const fmt::format_int line_number(p.line);
      const std::string_view line_no(line_number.data(), line_number.size());
      const size_t gutter = line_no.size();
      const Snippet shown =
          snippet_of(text, line_begin, line_begin + static_cast<uint32_t>(line.size()),
                     std::min<uint32_t>(d.span.begin, line_begin + static_cast<uint32_t>(line.size())));
      const std::string_view ellipsis = "...";
      const std::string_view before = shown.cut_before ? ellipsis : std::string_view();
      const std::string_view after = shown.cut_after ? ellipsis : std::string_view();
      uint32_t underline_end = std::min<uint32_t>(std::max(d.span.end, d.span.begin + 1), shown.end);
      uint32_t caret_cols =
          d.span.begin < underline_end ? count_chars(text.substr(d.span.begin, underline_end - d.span.begin)) : 1;
      // Columns within what is shown: the whole line, or the window.
      const uint32_t caret_at = shown.cut_before ? static_cast<uint32_t>(before.size()) +
                                                       count_chars(text.substr(shown.begin, d.span.begin - shown.begin))
                                                 : p.column - 1;
      const std::string_view color = severity_color(d.severity);
      // path:line:column: severity[rule] message
      w.put(file.source.path);
      w.put(':');
      w.put(line_no);
      w.put(':');
      w.put_num(p.column);
      w.put(": ");
      w.put_colored(color, severity_name(d.severity));
      w.start_colored("1");
      w.put('[');
      w.put(d.rule);
      w.put(']');
      w.end_colored();
      w.put(' ');
      w.put_colored("1", d.message);
      w.put('\n');
      // The gutter, the line (or its window) and the carets under the finding.
      w.put_n(gutter, ' ');
      w.put(' ');
      w.put_colored("34", "|");
      w.put('\n');
      w.put_colored("34", line_no);
      w.put(' ');
      w.put_colored("34", "|");
      w.put(' ');
      w.put(before);
      w.put_printable(text.substr(shown.begin, shown.end - shown.begin));
      w.put(after);
      w.put('\n');
      w.put_n(gutter, ' ');
      w.put(' ');
      w.put_colored("34", "|");
      w.put(' ');
      w.put_n(caret_at, ' ');
      w.start_colored(color);
      w.put_n(std::max<uint32_t>(caret_cols, 1), '^');
      w.end_colored();
      w.put('\n');
      // "= help:", "= fix:" and "= see:" lines.
      auto note = [&](std::string_view label, std::string_view s) {
        w.put_n(gutter, ' ');
        w.put(' ');
        w.put_colored("34", "=");
        w.put(' ');
        w.put(label);
        w.put(s);
        w.put('\n');
      };
      if (!d.help.empty()) note("help: ", d.help);
      if (d.fix) note("fix: ", d.fix->title);
      note("see: pgsafe explain-rule ", d.rule);
      w.put('\n');
    }
  };
  format_in_order(r.diagnostics.size(), k_report_batch, o.jobs, write_blocks,
                  [&](std::string_view s) { out.write(s.data(), static_cast<std::streamsize>(s.size())); });
  size_t files = static_cast<size_t>(
      std::count_if(r.files.begin(), r.files.end(), [](const FileReport& f) { return f.reported; }));
  // The summary line, coloured like the blocks.
  std::string summary;
  const Out w{summary, o.color};
  if (r.diagnostics.empty()) {
    w.put_colored("1;32", "ok:");
    summary += fmt::format(" {} file{} checked, no problems found\n", files, files == 1 ? "" : "s");
  } else {
    w.put_colored("1", "found");
    summary +=
        fmt::format(": {} error{}, {} warning{}, {} note{} in {} file{} checked\n", errors, errors == 1 ? "" : "s",
                    warnings, warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s", files, files == 1 ? "" : "s");
  }
  out << summary;
}

}  // namespace pgsafe
