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
#include <iterator>

#include <fmt/format.h>

#include "ordered_tasks.hpp"
#include "pgsafe/reporter.hpp"

namespace pgsafe {
namespace {

struct Style {
  bool on;
  [[nodiscard]] std::string wrap(std::string_view code, std::string_view s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
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

// Replaces tabs and control bytes so the caret line stays aligned.
std::string printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\t') {
      out += ' ';
    } else if (u < 0x20 || u == 0x7f) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
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
  Style st{o.color};
  size_t errors = 0;
  size_t warnings = 0;
  size_t notes = 0;
  for (const Diagnostic& d : r.diagnostics) {
    (d.severity == Severity::Error ? errors : d.severity == Severity::Warning ? warnings : notes)++;
  }
  // One block per finding, formatted in batches on several threads.
  auto write_blocks = [&](size_t first, size_t last, std::string& buf) {
    auto to = std::back_inserter(buf);
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
      std::string gutter(std::to_string(p.line).size(), ' ');
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
      std::string_view sev = severity_name(d.severity);
      fmt::format_to(to, "{}:{}:{}: {}{} {}\n", file.source.path, p.line, p.column,
                     st.wrap(severity_color(d.severity), sev), st.wrap("1", fmt::format("[{}]", d.rule)),
                     st.wrap("1", d.message));
      fmt::format_to(to, "{} {}\n", gutter, st.wrap("34", "|"));
      fmt::format_to(to, "{} {} {}{}{}\n", st.wrap("34", std::to_string(p.line)), st.wrap("34", "|"), before,
                     printable(text.substr(shown.begin, shown.end - shown.begin)), after);
      fmt::format_to(to, "{} {} {}{}\n", gutter, st.wrap("34", "|"), std::string(caret_at, ' '),
                     st.wrap(severity_color(d.severity), std::string(std::max<uint32_t>(caret_cols, 1), '^')));
      if (!d.help.empty()) fmt::format_to(to, "{} {} help: {}\n", gutter, st.wrap("34", "="), d.help);
      if (d.fix) fmt::format_to(to, "{} {} fix: {}\n", gutter, st.wrap("34", "="), d.fix->title);
      fmt::format_to(to, "{} {} see: pgsafe explain-rule {}\n\n", gutter, st.wrap("34", "="), d.rule);
    }
  };
  format_in_order(r.diagnostics.size(), k_report_batch, o.jobs, write_blocks,
                  [&](std::string_view s) { out.write(s.data(), static_cast<std::streamsize>(s.size())); });
  size_t files = static_cast<size_t>(
      std::count_if(r.files.begin(), r.files.end(), [](const FileReport& f) { return f.reported; }));
  if (r.diagnostics.empty()) {
    out << fmt::format("{} {} file{} checked, no problems found\n", st.wrap("1;32", "ok:"), files,
                       files == 1 ? "" : "s");
  } else {
    out << fmt::format("{}: {} error{}, {} warning{}, {} note{} in {} file{} checked\n", st.wrap("1", "found"), errors,
                       errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s", files,
                       files == 1 ? "" : "s");
  }
}

}  // namespace pgsafe
