// libFuzzer target: the suppression-comment parser. Arbitrary text is lexed
// and parsed as a file; parse_ignores and apply_suppressions then run over
// its comments with synthetic diagnostics at every statement and comment.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pgsafe/parse.hpp"
#include "pgsafe/registry.hpp"
#include "pgsafe/suppress.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pgsafe;
  SourceFile src;
  src.path = "fuzz.sql";
  src.text.assign(reinterpret_cast<const char*>(data), size);
  std::unique_ptr<ParsedFile> file = parse_source(std::move(src));
  const auto text_size = static_cast<uint32_t>(file->text().size());

  std::vector<IgnoreDirective> ignores = parse_ignores(*file);
  for (const IgnoreDirective& d : ignores) {
    if (d.comment.end > text_size || d.comment.begin > d.comment.end) __builtin_trap();
    if (d.rules.size() != d.rule_spans.size()) __builtin_trap();
    for (size_t i = 0; i < d.rules.size(); ++i) {
      const Span& s = d.rule_spans[i];
      if (s.end > text_size || s.begin > s.end || file->slice(s) != d.rules[i]) __builtin_trap();
    }
    if (!d.whole_file && d.statement != SIZE_MAX && d.statement >= file->statements.size()) __builtin_trap();
  }

  // A diagnostic of a few rules at every statement and every comment.
  std::vector<Diagnostic> diags;
  const std::vector<const Rule*>& rules = all_rules();
  size_t k = 0;
  auto add = [&](Span at) {
    const Rule* r = rules[k++ % rules.size()];
    diags.push_back(Diagnostic{r->info.id, "fuzz", "", at, 0, r->info.severity, std::nullopt});
  };
  for (const Statement& s : file->statements) add(s.span);
  for (const Comment& c : file->comments) add(c.span);
  for (const IgnoreDirective& d : ignores) {
    for (size_t i = 0; i < d.rules.size(); ++i) {
      if (const Rule* r = find_rule(d.rules[i])) {
        diags.push_back(Diagnostic{r->info.id, "fuzz", "", d.comment, 0, r->info.severity, std::nullopt});
      }
    }
  }
  const size_t before = diags.size();
  apply_suppressions(*file, 0, diags, [&](std::string_view id) { return (id.size() + size) % 3 != 0; });
  for (const Diagnostic& d : diags) {
    if (d.span.end > text_size || d.span.begin > d.span.end) __builtin_trap();
  }
  (void)before;
  return 0;
}
