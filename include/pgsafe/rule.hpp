// The rule interface.
//
// A rule is a static `Rule` value: its metadata and documentation plus a
// check function that reads one file's analysis and reports diagnostics. A
// rule never re-derives PostgreSQL behaviour: lock modes, rewrites and scans
// come from the analysis (analysis.hpp). Each rule lives in its own file under
// rules/ and is listed once in src/registry.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pgsafe/analysis.hpp"
#include "pgsafe/diagnostic.hpp"

namespace pgsafe {

enum class FixAvailability { None, Sometimes, Always };

struct RuleInfo {
  std::string_view id;       // stable kebab-case id
  Severity severity;         // default severity
  bool default_on;           // false: opt-in, enabled only by --select
  std::string_view summary;  // one line
  std::string_view help;     // the safe alternative, one or two sentences
  // Markdown under fixed headings: "## What it does", "## Why is this bad?",
  // "## Safe alternative", "## Example". Shown by `pgsafe explain-rule`.
  std::string_view doc;
  FixAvailability fix = FixAvailability::None;
};

struct RuleContext {
  const AnalysisOptions& options;
  const FileAnalysis& file;
};

class DiagnosticSink {
 public:
  DiagnosticSink(const RuleInfo& info, size_t file, std::vector<Diagnostic>& out)
      : m_info(info), m_file(file), m_out(out) {}
  // Reports at `span` with the rule's default help.
  Diagnostic& report(Span span, std::string message);

 private:
  const RuleInfo& m_info;
  size_t m_file;
  std::vector<Diagnostic>& m_out;
};

using CheckFn = void (*)(const RuleContext&, DiagnosticSink&);

struct Rule {
  RuleInfo info;
  CheckFn check = nullptr;  // null for rules the pipeline itself reports (unused-ignore)
};

}  // namespace pgsafe
