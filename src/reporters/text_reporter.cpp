// Text output for people: one block per finding, then a summary line.
//
//   migrations/V2__x.sql:3:1: error[drop-column] dropping column `a` of `t` ...
//     |
//   3 | ALTER TABLE t DROP COLUMN a;
//     |               ^^^^^^^^^^^^^
//     = help: Expand/contract: ...
//     = see: pgsafe explain-rule drop-column
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
      uint32_t underline_end =
          std::min<uint32_t>(std::max(d.span.end, d.span.begin + 1), line_begin + static_cast<uint32_t>(line.size()));
      uint32_t caret_cols =
          d.span.begin < underline_end ? count_chars(text.substr(d.span.begin, underline_end - d.span.begin)) : 1;
      std::string_view sev = severity_name(d.severity);
      fmt::format_to(to, "{}:{}:{}: {}{} {}\n", file.source.path, p.line, p.column,
                     st.wrap(severity_color(d.severity), sev), st.wrap("1", fmt::format("[{}]", d.rule)),
                     st.wrap("1", d.message));
      fmt::format_to(to, "{} {}\n", gutter, st.wrap("34", "|"));
      fmt::format_to(to, "{} {} {}\n", st.wrap("34", std::to_string(p.line)), st.wrap("34", "|"), printable(line));
      fmt::format_to(to, "{} {} {}{}\n", gutter, st.wrap("34", "|"), std::string(p.column - 1, ' '),
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
