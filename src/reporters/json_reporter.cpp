// JSON output, version 1 (documented in the README):
// {"version":1,"tool":{"name","version"},"files":[{"path","statements","syntax_errors"}],
//  "diagnostics":[{"rule","severity","path","line","column","end_line","end_column",
//                  "message","help","docs","fix"?}],"summary":{"errors","warnings","notes","files"}}
// Lines are 1-based; columns are 1-based and count characters. `end_column`
// is exclusive. A fix lists its edits with the same positions.
#include "json_writer.hpp"
#include "ordered_tasks.hpp"
#include "pgsafe/reporter.hpp"

namespace pgsafe {

namespace {
void range_fields(JsonWriter& w, const ParsedFile& f, Span s) {
  Position b = f.source.lines.position(f.text(), s.begin);
  Position e = f.source.lines.position(f.text(), s.end);
  w.field("line", b.line);
  w.field("column", b.column);
  w.field("end_line", e.line);
  w.field("end_column", e.column);
}

// One element of "diagnostics"; `docs` is scratch space for its docs URL.
void write_diagnostic(JsonWriter& w, const LintResult& r, const Diagnostic& d, std::string& docs) {
  const ParsedFile& f = *r.files[d.file].parsed;
  w.begin_object();
  w.field("rule", d.rule);
  w.field("severity", severity_name(d.severity));
  w.field("path", std::string_view(f.source.path));
  range_fields(w, f, d.span);
  w.field("message", std::string_view(d.message));
  w.field("help", d.help);
  rule_docs_url(d.rule, docs);
  w.field("docs", std::string_view(docs));
  if (d.fix) {
    w.key("fix");
    w.begin_object();
    w.field("title", std::string_view(d.fix->title));
    w.key("edits");
    w.begin_array();
    for (const Edit& e : d.fix->edits) {
      w.begin_object();
      range_fields(w, f, e.span);
      w.field("replacement", std::string_view(e.replacement));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_object();
}

}  // namespace

void write_json(const LintResult& r, const ReportOptions& o, std::ostream& out) {
  StreamedJson json(out);
  JsonWriter& w = json.writer();
  w.begin_object();
  w.field("version", 1);
  w.key("tool");
  w.begin_object();
  w.field("name", "pgsafe");
  w.field("version", PGSAFE_VERSION);
  w.end_object();
  w.key("files");
  w.begin_array();
  size_t nfiles = 0;
  for (const FileReport& f : r.files) {
    if (!f.reported) continue;
    ++nfiles;
    w.begin_object();
    w.field("path", std::string_view(f.parsed->source.path));
    w.field("statements", static_cast<uint64_t>(f.statements));
    w.field("syntax_errors", static_cast<uint64_t>(f.syntax_errors));
    w.end_object();
  }
  w.end_array();
  w.key("diagnostics");
  w.begin_array();
  size_t counts[3] = {0, 0, 0};
  for (const Diagnostic& d : r.diagnostics) counts[static_cast<int>(d.severity)]++;
  format_in_order(
      r.diagnostics.size(), k_report_batch, o.jobs,
      [&](size_t first, size_t last, std::string& buf) {
        JsonWriter part(buf, 2, first > 0);  // inside the document and "diagnostics"
        std::string docs;
        for (size_t i = first; i < last; ++i) write_diagnostic(part, r, r.diagnostics[i], docs);
      },
      [&](std::string_view s) { json.write_raw(s); });
  if (!r.diagnostics.empty()) w.items_added();
  w.end_array();
  w.key("summary");
  w.begin_object();
  w.field("errors", static_cast<uint64_t>(counts[static_cast<int>(Severity::Error)]));
  w.field("warnings", static_cast<uint64_t>(counts[static_cast<int>(Severity::Warning)]));
  w.field("notes", static_cast<uint64_t>(counts[static_cast<int>(Severity::Note)]));
  w.field("files", static_cast<uint64_t>(nfiles));
  w.end_object();
  w.end_object();
  json.finish();
}

}  // namespace pgsafe
