// The rule interface.
//
// A rule is a static `Rule` value: its metadata and documentation plus a
// check function that reads a file's analysis (all of it, or a run of its
// statements: see RuleScope) and reports diagnostics. A rule never
// re-derives PostgreSQL behaviour: lock modes, rewrites and scans come from
// the analysis (analysis.hpp). Each rule lives in its own file under rules/
// and is listed once in src/registry.cpp.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
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

// What a rule's check reads, and so when it can run.
enum class RuleScope : uint8_t {
  // Each statement on its own, with the state the analysis recorded for it
  // (transaction, lock_timeout, the catalog before it): the check may read
  // the statements' parse trees (Statement::node, RuleContext::node). It runs on
  // each chunk of a file as soon as that chunk is analysed, after which the
  // chunk's trees are freed: so a large file never holds all its trees.
  Statements,
  // The whole file's analysis at once, for checks that relate statements to
  // each other. The parse trees are gone by then (nodes read as empty).
  File,
};

struct RuleContext {
  const AnalysisOptions& options;
  // The file's text and lines; `file.statements` is complete for File-scope
  // checks only (a Statements check reads each StmtInfo::stmt).
  const ParsedFile& file;
  std::span<const StmtInfo> stmts;         // the statements to check, in file order
  const FileAnalysis* analysis = nullptr;  // the whole file: File-scope checks only
  ActionNodes action_nodes{};              // Statements-scope checks only

  // An action's parse-tree node; empty in a File-scope check.
  [[nodiscard]] Node node(const Action& a) const { return action_nodes.of(a); }
};

// Where a rule's check reports. The pipeline gives every rule checking a
// file the same vector: with `shared`, the rules checking one file on
// several threads append to it under that mutex, a batch at a time, and the
// file's findings are never copied out of per-rule vectors into one (which
// held them twice at the peak). Their order in `out` then depends on the
// threads; the pipeline sorts them by position, rule and message, and one
// rule's own findings stay in the order it reported them.
class DiagnosticSink {
 public:
  DiagnosticSink(const RuleInfo& info, size_t file, std::vector<Diagnostic>& out, std::mutex* shared = nullptr)
      : m_info(info), m_file(static_cast<uint32_t>(file)), m_out(out), m_shared(shared) {}
  DiagnosticSink(const DiagnosticSink&) = delete;
  DiagnosticSink& operator=(const DiagnosticSink&) = delete;
  ~DiagnosticSink() { hand_over(); }
  // Reports at `span` with the rule's default help. The finding returned
  // may be changed (to add a fix) until the next report() or the sink's end.
  Diagnostic& report(Span span, SharedText message);

 private:
  static constexpr size_t k_batch = 64;
  void hand_over();  // appends m_batch to m_out
  const RuleInfo& m_info;
  uint32_t m_file;
  std::vector<Diagnostic>& m_out;
  std::mutex* m_shared;
  std::vector<Diagnostic> m_batch;  // with m_shared: reports not yet in m_out
};

using CheckFn = void (*)(const RuleContext&, DiagnosticSink&);

struct Rule {
  RuleInfo info;
  CheckFn check = nullptr;  // null for rules the pipeline itself reports (unused-ignore)
  RuleScope scope = RuleScope::File;
};

}  // namespace pgsafe
