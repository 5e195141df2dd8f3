// The lint driver: files in, diagnostics out.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pgsafe/analysis.hpp"
#include "pgsafe/diagnostic.hpp"
#include "pgsafe/parse.hpp"
#include "pgsafe/rule.hpp"

namespace pgsafe {

struct LintOptions {
  AnalysisOptions analysis;
  std::vector<std::string> select;  // empty: the default-on rules; "ALL": every rule
  std::vector<std::string> ignore;
  std::map<std::string, Severity, std::less<>> severity;  // per-rule severity overrides
  unsigned jobs = 0;                                      // 0: one per core
  // When set, only files for which it returns true are reported (all files
  // are still replayed so the catalog knows the schema).
  std::function<bool(const std::string& path)> report_file;
};

struct FileReport {
  std::unique_ptr<ParsedFile> parsed;
  size_t statements = 0;
  size_t syntax_errors = 0;
  bool reported = true;
};

struct LintResult {
  std::vector<FileReport> files;        // in migration order
  std::vector<FileAnalysis> analyses;   // parallel to files
  std::vector<Diagnostic> diagnostics;  // sorted by file, position, rule
  std::vector<std::string> errors;      // I/O errors, one line each
  // The schema as all the migrations leave it. lint() hands it over rather
  // than freeing it: on a large migration freeing it takes longer than
  // writing the report (10 ms on the 3 MB bench file), and the command-line
  // tool exits without freeing anything.
  Catalog catalog;
};

// Input paths as given: files, directories (searched for *.sql) and "-".
struct InputSet {
  std::vector<SourceFile> sources;
  std::vector<std::string> errors;
};
InputSet read_inputs(const std::vector<std::string>& paths, const std::string& stdin_name, unsigned jobs);
// Expands directories, sorts in migration order and drops duplicates; the
// paths are looked up on `jobs` threads (0: one per core).
std::vector<std::string> expand_paths(const std::vector<std::string>& paths, std::vector<std::string>& errors,
                                      unsigned jobs = 1);

// Is this rule on under these options?
bool rule_enabled(const Rule& rule, const LintOptions& opts);
// Checks --select/--ignore ids; returns the unknown ones.
std::vector<std::string> unknown_rule_ids(const LintOptions& opts);

LintResult lint(std::vector<SourceFile> sources, const LintOptions& opts);

// Runs `fn(i)` for i in [0, n) on up to `jobs` threads.
void parallel_for(size_t n, unsigned jobs, const std::function<void(size_t)>& fn);

}  // namespace pgsafe
