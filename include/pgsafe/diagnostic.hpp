// Diagnostics: what a rule reports. Spans are byte offsets; reporters turn
// them into lines and columns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pgsafe/source.hpp"

namespace pgsafe {

enum class Severity : uint8_t { Note, Warning, Error };

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

// An optional value kept out of line, with value semantics (copying copies
// the value). A diagnostic holds its fix this way: one pointer, where a
// std::optional<Fix> took 56 of a diagnostic's 152 bytes, and most findings
// have no fix. A large migration holds tens of thousands of diagnostics, two
// copies of each while they are joined and sorted.
template <class T>
class OutOfLine {
 public:
  OutOfLine() = default;
  OutOfLine(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): as std::optional
  OutOfLine(const OutOfLine& o) : m_value(o.m_value ? std::make_unique<T>(*o.m_value) : nullptr) {}
  OutOfLine(OutOfLine&&) noexcept = default;
  OutOfLine& operator=(const OutOfLine& o) {
    if (this != &o) m_value = o.m_value ? std::make_unique<T>(*o.m_value) : nullptr;
    return *this;
  }
  OutOfLine& operator=(OutOfLine&&) noexcept = default;
  ~OutOfLine() = default;
  OutOfLine& operator=(T v) {
    m_value = std::make_unique<T>(std::move(v));
    return *this;
  }
  OutOfLine& operator=(std::optional<T> v) {
    m_value = v ? std::make_unique<T>(std::move(*v)) : nullptr;
    return *this;
  }
  explicit operator bool() const { return m_value != nullptr; }
  const T& operator*() const { return *m_value; }
  T& operator*() { return *m_value; }
  const T* operator->() const { return m_value.get(); }
  T* operator->() { return m_value.get(); }

 private:
  std::unique_ptr<T> m_value;
};

// 88 bytes: the fields are ordered so that the file index and the severity
// share one word.
struct Diagnostic {
  std::string_view rule;  // the rule id; points into the rule's static info
  std::string message;
  std::string_view help;  // the safe alternative; points into the rule's static info
  Span span;
  uint32_t file = 0;  // index into the lint result's files
  Severity severity = Severity::Error;
  OutOfLine<Fix> fix;
};

}  // namespace pgsafe
