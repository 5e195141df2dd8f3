// Suppression comments.
//
//   -- pgsafe-ignore rule-a, rule-b: reason     the next statement (or the
//                                               statement the comment is in)
//   -- pgsafe-ignore-file rule-a: reason         the whole file
//
// Block comments work the same way. An ignore that names an unknown rule, or
// an enabled rule it never suppresses, is reported as `unused-ignore`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pgsafe/diagnostic.hpp"
#include "pgsafe/parse.hpp"

namespace pgsafe {

struct IgnoreDirective {
  bool whole_file = false;
  Span comment;
  std::vector<std::string> rules;
  std::vector<Span> rule_spans;  // each rule id's bytes in the comment
  size_t statement = SIZE_MAX;   // for a statement ignore: its index
};

std::vector<IgnoreDirective> parse_ignores(const ParsedFile& file);

// Removes the suppressed diagnostics of one file and appends unused-ignore
// findings. `enabled(id)` tells whether a rule ran: an ignore of a known rule
// that did not run is not reported, since nothing can tell whether it is used.
void apply_suppressions(const ParsedFile& file, size_t file_index, std::vector<Diagnostic>& diags,
                        const std::function<bool(std::string_view)>& enabled);

}  // namespace pgsafe
