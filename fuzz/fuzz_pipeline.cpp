// libFuzzer target: arbitrary bytes as a migration file, through the whole
// pipeline (lex, parse, analyse, every rule, suppressions) and out through
// every report format and `explain`. The first byte picks options so the
// fuzzer also explores --assume-in-transaction and older --pg-version.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "pgsafe/explain.hpp"
#include "pgsafe/lint.hpp"
#include "pgsafe/registry.hpp"
#include "pgsafe/reporter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pgsafe;
  uint8_t flags = size > 0 ? data[0] : 0;
  if (size > 0) {
    ++data;
    --size;
  }
  LintOptions opts;
  opts.jobs = 1;
  opts.select = {"ALL"};
  opts.analysis.assume_in_transaction = (flags & 1) != 0;
  static constexpr int k_versions[] = {15, 9, 10, 11, 12, 13, 14, 16};
  opts.analysis.pg_version = k_versions[(flags >> 1) & 7];

  std::vector<SourceFile> sources(1);
  sources[0].path = (flags & 0x10) ? "db/V2__fuzz.sql" : "fuzz.sql";
  sources[0].text.assign(reinterpret_cast<const char*>(data), size);
  LintResult result = lint(std::move(sources), opts);

  // SARIF lists ro.rules with their full documentation; serializing all of
  // them for every input dominates the run time, so usually only the rules
  // that reported are listed (pgsafe itself lists every enabled rule, a
  // superset: the reporters only need the rules of the results).
  ReportOptions ro;
  for (const Rule* r : all_rules()) {
    if (!rule_enabled(*r, opts)) continue;
    bool reported = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                [&](const Diagnostic& d) { return d.rule == r->info.id; });
    if ((flags & 0x80) != 0 || reported) ro.rules.push_back(r);
  }
  ro.color = (flags & 0x20) != 0;
  if (flags & 0x40) ro.repository_url = "https://example.com/pgsafe";
  for (Format f : {Format::Text, Format::Json, Format::Sarif, Format::Gcc, Format::Github, Format::Markdown}) {
    std::ostringstream out;
    write_report(f, result, ro, out);
  }
  std::vector<ExplainedStatement> ex = explain(result);
  for (ExplainFormat f : {ExplainFormat::Text, ExplainFormat::Json, ExplainFormat::Markdown}) {
    std::ostringstream out;
    write_explain(ex, f, out);
  }
  return 0;
}
