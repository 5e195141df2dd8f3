#include "pgsafe/suppress.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "pgsafe/registry.hpp"

namespace pgsafe {
namespace {

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// The statement a comment belongs to: the one containing it, else the next.
size_t statement_for(const ParsedFile& file, Span comment) {
  const auto& stmts = file.statements;
  auto it = std::lower_bound(stmts.begin(), stmts.end(), comment.begin,
                             [](const Statement& s, uint32_t pos) { return s.span.end < pos; });
  if (it == stmts.end()) return SIZE_MAX;
  return static_cast<size_t>(it - stmts.begin());
}

}  // namespace

std::vector<IgnoreDirective> parse_ignores(const ParsedFile& file) {
  std::vector<IgnoreDirective> out;
  std::string_view text = file.text();
  for (const Comment& c : file.comments) {
    uint32_t i = c.span.begin + 2;  // past "--" or "/*"
    uint32_t end = c.line ? c.span.end : (c.span.end >= c.span.begin + 4 ? c.span.end - 2 : c.span.end);
    while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '-' || text[i] == '*')) ++i;
    std::string_view rest = text.substr(i, end - i);
    constexpr std::string_view k_tag = "pgsafe-ignore";
    if (!rest.starts_with(k_tag)) continue;
    IgnoreDirective d;
    d.comment = c.span;
    i += static_cast<uint32_t>(k_tag.size());
    if (text.substr(i, 5) == "-file") {
      d.whole_file = true;
      i += 5;
    }
    if (i < end && id_char(text[i])) continue;  // "pgsafe-ignored" etc.: not ours
    // Rule ids, separated by commas or spaces, up to ':' (the reason) or the end.
    while (i < end) {
      while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == ',')) ++i;
      if (i >= end || text[i] == ':') break;
      uint32_t b = i;
      while (i < end && id_char(text[i])) ++i;
      if (i == b) break;
      d.rules.emplace_back(text.substr(b, i - b));
      d.rule_spans.push_back(Span{b, i});
    }
    if (!d.whole_file) d.statement = statement_for(file, c.span);
    out.push_back(std::move(d));
  }
  return out;
}

void apply_suppressions(const ParsedFile& file, size_t file_index, std::vector<Diagnostic>& diags,
                        const std::function<bool(std::string_view)>& enabled) {
  std::vector<IgnoreDirective> ignores = parse_ignores(file);
  if (ignores.empty()) return;
  std::vector<std::vector<bool>> used(ignores.size());
  for (size_t k = 0; k < ignores.size(); ++k) used[k].assign(ignores[k].rules.size(), false);

  // The file-wide ignores, and the others by statement: a finding reads only
  // its own statement's ignores. (Reading every ignore for every finding
  // was quadratic: 20,000 ignored DROP TABLEs took 0.8 s.)
  std::vector<size_t> file_wide;
  std::vector<std::pair<size_t, size_t>> by_stmt;  // (statement, ignore), sorted
  for (size_t k = 0; k < ignores.size(); ++k) {
    if (ignores[k].whole_file) {
      file_wide.push_back(k);
    } else {
      by_stmt.emplace_back(ignores[k].statement, k);
    }
  }
  std::sort(by_stmt.begin(), by_stmt.end());
  // Does ignore k name d's rule? Marks each id that does as used.
  auto names = [&](size_t k, const Diagnostic& d) {
    bool hit = false;
    for (size_t r = 0; r < ignores[k].rules.size(); ++r) {
      if (ignores[k].rules[r] == d.rule) {
        used[k][r] = true;
        hit = true;
      }
    }
    return hit;
  };
  auto suppressed = [&](const Diagnostic& d) {
    bool hit = false;
    for (size_t k : file_wide) {
      if (names(k, d)) hit = true;
    }
    if (!by_stmt.empty()) {
      const size_t stmt = statement_for(file, Span{d.span.begin, d.span.begin});
      for (auto it = std::lower_bound(by_stmt.begin(), by_stmt.end(), std::pair<size_t, size_t>{stmt, 0});
           it != by_stmt.end() && it->first == stmt; ++it) {
        if (names(it->second, d)) hit = true;
      }
    }
    return hit;
  };
  std::erase_if(diags, [&](const Diagnostic& d) { return d.file == file_index && suppressed(d); });

  const Rule* unused_rule = find_rule("unused-ignore");
  if (unused_rule == nullptr || !enabled("unused-ignore")) return;
  std::vector<Diagnostic> unused;
  for (size_t k = 0; k < ignores.size(); ++k) {
    const IgnoreDirective& ig = ignores[k];
    std::string_view kind = ig.whole_file ? "pgsafe-ignore-file" : "pgsafe-ignore";
    if (ig.rules.empty()) {
      Diagnostic d{unused_rule->info.id, fmt::format("`{}` names no rule", kind), unused_rule->info.help,
                   ig.comment,           static_cast<uint32_t>(file_index),       unused_rule->info.severity,
                   std::nullopt};
      unused.push_back(std::move(d));
      continue;
    }
    for (size_t r = 0; r < ig.rules.size(); ++r) {
      const std::string& id = ig.rules[r];
      std::string msg;
      if (find_rule(id) == nullptr) {
        msg = fmt::format("`{}` names an unknown rule `{}`", kind, id);
      } else if (!used[k][r] && enabled(id) && id != "unused-ignore") {
        msg = ig.whole_file ? fmt::format("`{} {}` suppresses nothing in this file", kind, id)
                            : fmt::format("`{} {}` suppresses nothing in the statement it precedes", kind, id);
      }
      if (!msg.empty()) {
        unused.push_back(Diagnostic{unused_rule->info.id, std::move(msg), unused_rule->info.help, ig.rule_spans[r],
                                    static_cast<uint32_t>(file_index), unused_rule->info.severity, std::nullopt});
      }
    }
  }
  // unused-ignore findings can themselves be ignored for the whole file.
  const bool unused_ignored = std::any_of(ignores.begin(), ignores.end(), [](const IgnoreDirective& ig) {
    return ig.whole_file && std::find(ig.rules.begin(), ig.rules.end(), "unused-ignore") != ig.rules.end();
  });
  if (unused_ignored) return;
  for (Diagnostic& d : unused) diags.push_back(std::move(d));
}

}  // namespace pgsafe
