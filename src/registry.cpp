// The one list of rules. Add a rule by writing rules/<id>.cpp and adding one
// line here (kept in id order).
#include "pgsafe/registry.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <new>

namespace pgsafe {

namespace rules {
extern const Rule add_column_rewrite;
extern const Rule add_constraint_builds_index;
extern const Rule ban_char;
extern const Rule change_column_type;
extern const Rule concurrently_in_transaction;
extern const Rule constraint_missing_not_valid;
extern const Rule create_enum;
extern const Rule create_index_non_concurrent;
extern const Rule detach_partition_non_concurrent;
extern const Rule drop_column;
extern const Rule drop_database;
extern const Rule drop_index_non_concurrent;
extern const Rule drop_not_null;
extern const Rule drop_table;
extern const Rule lock_held_across_statements;
extern const Rule missing_lock_timeout;
extern const Rule missing_statement_timeout;
extern const Rule not_null_without_backfill;
extern const Rule prefer_bigint;
extern const Rule prefer_identity;
extern const Rule prefer_if_exists;
extern const Rule prefer_jsonb;
extern const Rule prefer_text;
extern const Rule prefer_timestamptz;
extern const Rule refresh_matview_non_concurrent;
extern const Rule reindex_non_concurrent;
extern const Rule rename_column;
extern const Rule rename_table;
extern const Rule require_schema_qualified;
extern const Rule rewrite_command;
extern const Rule set_not_null_scan;
extern const Rule syntax_error;
extern const Rule transaction_nesting;
extern const Rule truncate_table;
extern const Rule unbatched_backfill;
extern const Rule uncommitted_transaction;
extern const Rule unused_ignore;
}  // namespace rules

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> k_rules = [] {
    std::vector<const Rule*> v{
        &rules::add_column_rewrite,
        &rules::add_constraint_builds_index,
        &rules::ban_char,
        &rules::change_column_type,
        &rules::concurrently_in_transaction,
        &rules::constraint_missing_not_valid,
        &rules::create_enum,
        &rules::create_index_non_concurrent,
        &rules::detach_partition_non_concurrent,
        &rules::drop_column,
        &rules::drop_database,
        &rules::drop_index_non_concurrent,
        &rules::drop_not_null,
        &rules::drop_table,
        &rules::lock_held_across_statements,
        &rules::missing_lock_timeout,
        &rules::missing_statement_timeout,
        &rules::not_null_without_backfill,
        &rules::prefer_bigint,
        &rules::prefer_identity,
        &rules::prefer_if_exists,
        &rules::prefer_jsonb,
        &rules::prefer_text,
        &rules::prefer_timestamptz,
        &rules::refresh_matview_non_concurrent,
        &rules::reindex_non_concurrent,
        &rules::rename_column,
        &rules::rename_table,
        &rules::require_schema_qualified,
        &rules::rewrite_command,
        &rules::set_not_null_scan,
        &rules::syntax_error,
        &rules::transaction_nesting,
        &rules::truncate_table,
        &rules::unbatched_backfill,
        &rules::uncommitted_transaction,
        &rules::unused_ignore,
    };
    std::sort(v.begin(), v.end(), [](const Rule* a, const Rule* b) { return a->info.id < b->info.id; });
    return v;
  }();
  return k_rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule* r : all_rules()) {
    if (r->info.id == id) return r;
  }
  return nullptr;
}

Diagnostic& DiagnosticSink::report(Span span, SharedText message) {
  Diagnostic d{m_info.id, std::move(message), m_info.help, span, m_file, m_info.severity, std::nullopt};
  if (m_shared == nullptr) return m_out.emplace_back(std::move(d));
  if (m_batch.size() == k_batch) hand_over();
  if (m_batch.capacity() == 0) m_batch.reserve(k_batch);
  return m_batch.emplace_back(std::move(d));
}

void DiagnosticSink::hand_over() {
  if (m_batch.empty()) return;
  {
    std::lock_guard<std::mutex> lock(*m_shared);
    std::move(m_batch.begin(), m_batch.end(), std::back_inserter(m_out));
  }
  m_batch.clear();
}

SharedText::SharedText(std::string_view s) {
  if (s.empty()) return;
  // A message is part of a file of at most 4 GB (spans are 32-bit offsets).
  void* mem = ::operator new(sizeof(Rep) + s.size());
  m_rep = new (mem) Rep{{1}, static_cast<uint32_t>(s.size())};
  std::memcpy(reinterpret_cast<char*>(m_rep + 1), s.data(), m_rep->size);
}

void SharedText::release() noexcept {
  if (m_rep != nullptr && m_rep->holders.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    m_rep->~Rep();
    ::operator delete(m_rep);
  }
  m_rep = nullptr;
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "error") return Severity::Error;
  if (s == "warning") return Severity::Warning;
  if (s == "note") return Severity::Note;
  return std::nullopt;
}

}  // namespace pgsafe
