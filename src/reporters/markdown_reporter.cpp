// Markdown for a pull-request comment or a job summary: a summary table, each
// finding with its help, then per file the statement-by-statement lock table
// of `pgsafe explain`.
#include <algorithm>

#include <fmt/format.h>

#include "pgsafe/explain.hpp"
#include "pgsafe/reporter.hpp"

namespace pgsafe {

namespace {
// Text inside `code`: backticks would end the span.
std::string md_code(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '`', '\'');
  std::replace(out.begin(), out.end(), '|', '/');
  return "`" + out + "`";
}
}  // namespace

void write_markdown(const LintResult& r, const ReportOptions&, std::ostream& out) {
  size_t counts[3] = {0, 0, 0};
  for (const Diagnostic& d : r.diagnostics) counts[static_cast<int>(d.severity)]++;
  size_t files = static_cast<size_t>(
      std::count_if(r.files.begin(), r.files.end(), [](const FileReport& f) { return f.reported; }));

  out << "## pgsafe report\n\n";
  out << "| files checked | errors | warnings | notes |\n|---:|---:|---:|---:|\n";
  out << fmt::format("| {} | {} | {} | {} |\n\n", files, counts[static_cast<int>(Severity::Error)],
                     counts[static_cast<int>(Severity::Warning)], counts[static_cast<int>(Severity::Note)]);

  if (r.diagnostics.empty()) {
    out << "No problems found.\n";
  } else {
    out << "### Findings\n\n";
    for (const Diagnostic& d : r.diagnostics) {
      const ParsedFile& f = *r.files[d.file].parsed;
      Position p = f.source.lines.position(f.text(), d.span.begin);
      // The message already uses `code` spans for names: keep them.
      out << fmt::format("- **{}** {} at {}: {}\n", severity_name(d.severity), md_code(d.rule),
                         md_code(fmt::format("{}:{}:{}", f.source.path, p.line, p.column)), d.message);
      if (!d.help.empty()) out << fmt::format("  - help: {}\n", d.help);
      if (d.fix) out << fmt::format("  - fix: {}\n", d.fix->title);
      out << fmt::format("  - see: `pgsafe explain-rule {}`\n", d.rule);
    }
  }

  std::vector<ExplainedStatement> stmts = explain(r);
  if (stmts.empty()) return;
  out << "\n### Locks per statement\n";
  size_t i = 0;
  while (i < stmts.size()) {
    size_t j = i;
    while (j < stmts.size() && stmts[j].path == stmts[i].path) ++j;
    out << fmt::format("\n#### {}\n\n", md_code(stmts[i].path));
    std::vector<ExplainedStatement> one(stmts.begin() + static_cast<std::ptrdiff_t>(i),
                                        stmts.begin() + static_cast<std::ptrdiff_t>(j));
    write_explain(one, ExplainFormat::Markdown, out);
    i = j;
  }
}

}  // namespace pgsafe
