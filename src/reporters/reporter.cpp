#include "pgsafe/reporter.hpp"

namespace pgsafe {

std::optional<Format> parse_format(std::string_view s) {
  if (s == "text") return Format::Text;
  if (s == "json") return Format::Json;
  if (s == "sarif") return Format::Sarif;
  if (s == "gcc") return Format::Gcc;
  if (s == "github") return Format::Github;
  if (s == "markdown") return Format::Markdown;
  return std::nullopt;
}

void write_report(Format f, const LintResult& r, const ReportOptions& o, std::ostream& out) {
  switch (f) {
    case Format::Text:
      write_text(r, o, out);
      return;
    case Format::Json:
      write_json(r, o, out);
      return;
    case Format::Sarif:
      write_sarif(r, o, out);
      return;
    case Format::Gcc:
      write_gcc(r, o, out);
      return;
    case Format::Github:
      write_github(r, o, out);
      return;
    case Format::Markdown:
      write_markdown(r, o, out);
      return;
  }
}

void rule_docs_url(std::string_view rule_id, std::string& out) { out.assign("docs/rules.md#").append(rule_id); }

std::string rule_docs_url(std::string_view rule_id) {
  std::string out;
  rule_docs_url(rule_id, out);
  return out;
}

}  // namespace pgsafe
