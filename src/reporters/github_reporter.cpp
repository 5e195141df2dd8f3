// GitHub Actions workflow commands: each finding becomes an annotation.
//   ::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=rule::message
// Escaping follows the runner's rules: in the message %, \r and \n; in
// property values also : and ,.
#include <fmt/format.h>

#include "pgsafe/reporter.hpp"

namespace pgsafe {

namespace {
// Data escaping; a property value also escapes ':' and ','.
std::string escape(std::string_view s, bool property) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}
std::string escape_data(std::string_view s) { return escape(s, false); }
std::string escape_property(std::string_view s) { return escape(s, true); }

// Workflow commands are named like pgsafe's severities, except `notice`.
std::string_view command(Severity s) { return s == Severity::Note ? "notice" : severity_name(s); }
}  // namespace

void write_github(const LintResult& r, const ReportOptions&, std::ostream& out) {
  for (const Diagnostic& d : r.diagnostics) {
    const ParsedFile& f = *r.files[d.file].parsed;
    Position b = f.source.lines.position(f.text(), d.span.begin);
    Position e = f.source.lines.position(f.text(), d.span.end);
    std::string message = d.message.str();
    if (!d.help.empty()) message += fmt::format("\nhelp: {}", d.help);
    out << fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n", command(d.severity),
                       escape_property(f.source.path), b.line, b.column, e.line, e.column,
                       escape_property(fmt::format("pgsafe {}", d.rule)), escape_data(message));
  }
}

}  // namespace pgsafe
