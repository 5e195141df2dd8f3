// JSON output, version 1 (documented in the README):
// {"version":1,"tool":{"name","version"},"files":[{"path","statements","syntax_errors"}],
//  "diagnostics":[{"rule","severity","path","line","column","end_line","end_column",
//                  "message","help","docs","fix"?}],"summary":{"errors","warnings","notes","files"}}
// Lines are 1-based; columns are 1-based and count characters. `end_column`
// is exclusive. A fix lists its edits with the same positions.
#include <nlohmann/json.hpp>

#include "pgsafe/reporter.hpp"

namespace pgsafe {

namespace {
nlohmann::ordered_json range_json(const ParsedFile& f, Span s) {
  Position b = f.source.lines.position(f.text(), s.begin);
  Position e = f.source.lines.position(f.text(), s.end);
  return {{"line", b.line}, {"column", b.column}, {"end_line", e.line}, {"end_column", e.column}};
}
}  // namespace

void write_json(const LintResult& r, const ReportOptions&, std::ostream& out) {
  using json = nlohmann::ordered_json;
  json doc;
  doc["version"] = 1;
  doc["tool"] = {{"name", "pgsafe"}, {"version", PGSAFE_VERSION}};
  json files = json::array();
  for (const FileReport& f : r.files) {
    if (!f.reported) continue;
    files.push_back({{"path", f.parsed->source.path}, {"statements", f.statements}, {"syntax_errors", f.syntax_errors}});
  }
  doc["files"] = std::move(files);
  json diags = json::array();
  size_t counts[3] = {0, 0, 0};
  for (const Diagnostic& d : r.diagnostics) {
    const ParsedFile& f = *r.files[d.file].parsed;
    json range = range_json(f, d.span);
    json j;
    j["rule"] = d.rule;
    j["severity"] = severity_name(d.severity);
    j["path"] = f.source.path;
    j["line"] = range["line"];
    j["column"] = range["column"];
    j["end_line"] = range["end_line"];
    j["end_column"] = range["end_column"];
    j["message"] = d.message;
    j["help"] = d.help;
    j["docs"] = rule_docs_url(d.rule);
    if (d.fix) {
      json edits = json::array();
      for (const Edit& e : d.fix->edits) {
        json ej = range_json(f, e.span);
        ej["replacement"] = e.replacement;
        edits.push_back(std::move(ej));
      }
      j["fix"] = {{"title", d.fix->title}, {"edits", std::move(edits)}};
    }
    diags.push_back(std::move(j));
    counts[static_cast<int>(d.severity)]++;
  }
  doc["diagnostics"] = std::move(diags);
  size_t nfiles = 0;
  for (const FileReport& f : r.files) nfiles += f.reported ? 1 : 0;
  doc["summary"] = {{"errors", counts[static_cast<int>(Severity::Error)]},
                    {"warnings", counts[static_cast<int>(Severity::Warning)]},
                    {"notes", counts[static_cast<int>(Severity::Note)]},
                    {"files", nfiles}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace pgsafe
