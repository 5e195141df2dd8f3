// Diagnostics: what a rule reports. Spans are byte offsets; reporters turn
// them into lines and columns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pgsafe/source.hpp"

namespace pgsafe {

enum class Severity { Note, Warning, Error };

std::string_view severity_name(Severity s);  // "error", "warning", "note"
std::optional<Severity> parse_severity(std::string_view s);

// Replace the bytes of `span` with `replacement` (an insertion when empty).
struct Edit {
  Span span;
  std::string replacement;
};

// A mechanical fix: applying all edits gives the safe form of the statement.
struct Fix {
  std::string title;
  std::vector<Edit> edits;
};

struct Diagnostic {
  std::string_view rule;  // the rule id; points into the rule's static info
  Severity severity = Severity::Error;
  std::string message;
  std::string_view help;  // the safe alternative; points into the rule's static info
  Span span;
  size_t file = 0;  // index into the lint result's files
  std::optional<Fix> fix;
};

}  // namespace pgsafe
