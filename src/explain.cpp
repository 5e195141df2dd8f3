#include "pgsafe/explain.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pgsafe {

namespace {
std::string shorten(std::string_view s, size_t max) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (count_chars(out) > max) {
    size_t cut = 0;
    size_t chars = 0;
    while (cut < out.size() && chars < max - 3) {
      ++cut;
      while (cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) ++cut;
      ++chars;
    }
    out = out.substr(0, cut) + "...";
  }
  return out;
}

// Rules that reported at each statement of a file.
std::vector<std::vector<std::string_view>> rules_per_statement(const LintResult& r, size_t file) {
  const ParsedFile& f = *r.files[file].parsed;
  std::vector<std::vector<std::string_view>> out(f.statements.size());
  for (const Diagnostic& d : r.diagnostics) {
    if (d.file != file) continue;
    auto it = std::lower_bound(f.statements.begin(), f.statements.end(), d.span.begin,
                               [](const Statement& s, uint32_t pos) { return s.span.end < pos; });
    if (it == f.statements.end()) continue;
    auto& v = out[static_cast<size_t>(it - f.statements.begin())];
    if (std::find(v.begin(), v.end(), d.rule) == v.end()) v.push_back(d.rule);
  }
  return out;
}
}  // namespace

std::vector<ExplainedStatement> explain(const LintResult& r) {
  std::vector<ExplainedStatement> out;
  for (size_t fi = 0; fi < r.files.size(); ++fi) {
    if (!r.files[fi].reported) continue;
    const ParsedFile& f = *r.files[fi].parsed;
    auto rules = rules_per_statement(r, fi);
    const FileAnalysis& fa = r.analyses[fi];
    for (size_t si = 0; si < f.statements.size(); ++si) {
      const Statement& st = f.statements[si];
      ExplainedStatement e;
      e.path = f.source.path;
      e.line = f.source.lines.line_of(st.span.begin);
      e.end_line = f.source.lines.line_of(st.span.end > st.span.begin ? st.span.end - 1 : st.span.begin);
      e.text = shorten(f.slice(st.span), 80);
      e.effects = fa.stmts[si].effects;
      std::sort(e.effects.begin(), e.effects.end(),
                [](const Effect& a, const Effect& b) { return a.relation < b.relation; });
      e.rules.assign(rules[si].begin(), rules[si].end());
      out.push_back(std::move(e));
    }
  }
  return out;
}

void write_explain(const std::vector<ExplainedStatement>& stmts, ExplainFormat fmt_, std::ostream& out) {
  if (fmt_ == ExplainFormat::Json) {
    using json = nlohmann::ordered_json;
    json doc;
    doc["version"] = 1;
    json arr = json::array();
    for (const ExplainedStatement& s : stmts) {
      json effects = json::array();
      for (const Effect& e : s.effects) {
        json blocks = json::array();
        for (std::string_view b : blocked_operations(e.lock)) blocks.push_back(b);
        effects.push_back({{"relation", e.relation},
                           {"lock", lock_name(e.lock)},
                           {"blocks", std::move(blocks)},
                           {"rewrite", e.rewrite},
                           {"scan", e.scan || e.rewrite}});
      }
      arr.push_back({{"path", s.path},
                     {"line", s.line},
                     {"end_line", s.end_line},
                     {"statement", s.text},
                     {"effects", std::move(effects)},
                     {"rules", s.rules}});
    }
    doc["statements"] = std::move(arr);
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    return;
  }
  if (fmt_ == ExplainFormat::Markdown) {
    out << "| file | line | statement | relation | lock | blocks | rewrite | scan | rules |\n";
    out << "|---|---:|---|---|---|---|---|---|---|\n";
    auto esc = [](std::string_view s) {
      std::string o;
      for (char c : s) {
        if (c == '|')
          o += "\\|";
        else if (c == '`')
          o += "'";
        else
          o += c;
      }
      return o;
    };
    for (const ExplainedStatement& s : stmts) {
      std::string rules = s.rules.empty() ? "" : fmt::format("{}", fmt::join(s.rules, ", "));
      if (s.effects.empty()) {
        out << fmt::format("| {} | {} | `{}` | | | | | | {} |\n", esc(s.path), s.line, esc(s.text), rules);
      }
      for (const Effect& e : s.effects) {
        out << fmt::format("| {} | {} | `{}` | {} | {} | {} | {} | {} | {} |\n", esc(s.path), s.line, esc(s.text),
                           esc(e.relation), lock_name(e.lock), fmt::join(blocked_operations(e.lock), ", "),
                           e.rewrite ? "yes" : "no", e.scan || e.rewrite ? "yes" : "no", rules);
      }
    }
    return;
  }
  for (const ExplainedStatement& s : stmts) {
    out << fmt::format("{}:{}: {}\n", s.path, s.line, s.text);
    if (s.effects.empty()) out << "    no table locks\n";
    for (const Effect& e : s.effects) {
      auto blocks = blocked_operations(e.lock);
      out << fmt::format("    {:<24} {:<26} blocks: {:<20} rewrite: {:<3} scan: {}\n", e.relation, lock_name(e.lock),
                         blocks.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(blocks, ", ")),
                         e.rewrite ? "yes" : "no", e.scan || e.rewrite ? "yes" : "no");
    }
    if (!s.rules.empty()) out << fmt::format("    rules: {}\n", fmt::join(s.rules, ", "));
  }
}

}  // namespace pgsafe
