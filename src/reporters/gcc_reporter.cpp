// gcc-style output, one finding per line, for editors' and CI problem matchers:
//   path:line:col: error|warning|note: message [rule]
#include <fmt/format.h>

#include "pgsafe/reporter.hpp"

namespace pgsafe {

namespace {
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}
}  // namespace

void write_gcc(const LintResult& r, const ReportOptions&, std::ostream& out) {
  for (const Diagnostic& d : r.diagnostics) {
    const ParsedFile& f = *r.files[d.file].parsed;
    Position p = f.source.lines.position(f.text(), d.span.begin);
    out << fmt::format("{}:{}:{}: {}: {} [{}]\n", f.source.path, p.line, p.column, severity_name(d.severity),
                       one_line(d.message), d.rule);
  }
}

}  // namespace pgsafe
