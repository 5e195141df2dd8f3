// Diagnostics: what a rule reports. Spans are byte offsets; reporters turn
// them into lines and columns.
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
// have no fix. A large migration holds tens of thousands of diagnostics.
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

// Immutable text that copies share: a diagnostic's message. One allocation
// holds a count of its holders, the length and the bytes; a copy adds a
// holder. A rule that reports the same message many times (a lock held for
// thousands of statements) keeps one copy of it, and each diagnostic holds
// a pointer where a std::string took 32 bytes.
class SharedText {
 public:
  SharedText() = default;
  SharedText(std::string_view s);  // NOLINT(google-explicit-constructor): messages are built as strings
  SharedText(const std::string& s) : SharedText(std::string_view(s)) {}  // NOLINT(google-explicit-constructor)
  SharedText(const char* s) : SharedText(std::string_view(s)) {}         // NOLINT(google-explicit-constructor)
  SharedText(const SharedText& o) noexcept : m_rep(o.m_rep) {
    if (m_rep != nullptr) m_rep->holders.fetch_add(1, std::memory_order_relaxed);
  }
  SharedText(SharedText&& o) noexcept : m_rep(std::exchange(o.m_rep, nullptr)) {}
  SharedText& operator=(SharedText o) noexcept {
    std::swap(m_rep, o.m_rep);
    return *this;
  }
  ~SharedText() { release(); }

  [[nodiscard]] std::string_view view() const {
    return m_rep == nullptr ? std::string_view() : std::string_view(bytes(m_rep), m_rep->size);
  }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] bool empty() const { return view().empty(); }
  [[nodiscard]] size_t size() const { return view().size(); }
  friend bool operator==(const SharedText& a, const SharedText& b) { return a.view() == b.view(); }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.view() == b; }
  friend auto operator<=>(const SharedText& a, const SharedText& b) { return a.view() <=> b.view(); }

 private:
  struct Rep {
    std::atomic<uint32_t> holders;
    uint32_t size;
  };  // followed by the bytes
  static const char* bytes(const Rep* r) { return reinterpret_cast<const char*>(r + 1); }
  void release() noexcept;
  Rep* m_rep = nullptr;
};

// 64 bytes: the fields are ordered so that the file index and the severity
// share one word.
struct Diagnostic {
  std::string_view rule;  // the rule id; points into the rule's static info
  SharedText message;
  std::string_view help;  // the safe alternative; points into the rule's static info
  Span span;
  uint32_t file = 0;  // index into the lint result's files
  Severity severity = Severity::Error;
  OutOfLine<Fix> fix;
};

}  // namespace pgsafe
