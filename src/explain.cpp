#include "pgsafe/explain.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "reporters/json_writer.hpp"

namespace pgsafe {

namespace {
std::string shorten(std::string_view s, size_t max) {
  std::string out;
  bool space = false;
  size_t chars = 0;  // code points in `out`; past max + 1 the rest is cut anyway
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = true;
      continue;
    }
    bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_char && chars > max + 1) break;
    if (space && !out.empty()) {
      out += ' ';
      ++chars;
    }
    space = false;
    out += c;
    if (starts_char) ++chars;
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
  // Diagnostics are sorted by file: look at this file's only. (Not
  // std::ranges::equal_range: clang 14, which builds the fuzzers, cannot
  // compile libstdc++ 12's ranges.)
  auto first = std::partition_point(r.diagnostics.begin(), r.diagnostics.end(),
                                    [&](const Diagnostic& d) { return d.file < file; });
  for (auto di = first; di != r.diagnostics.end() && di->file == file; ++di) {
    const Diagnostic& d = *di;
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
      e.effects.assign(fa.stmts[si].effects.begin(), fa.stmts[si].effects.end());
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
    // Streamed: a large migration explains tens of thousands of statements.
    StreamedJson stream(out);
    JsonWriter& w = stream.writer();
    w.begin_object();
    w.field("version", 1);
    w.key("statements");
    w.begin_array();
    for (const ExplainedStatement& s : stmts) {
      w.begin_object();
      w.field("path", std::string_view(s.path));
      w.field("line", s.line);
      w.field("end_line", s.end_line);
      w.field("statement", std::string_view(s.text));
      w.key("effects");
      w.begin_array();
      for (const Effect& e : s.effects) {
        w.begin_object();
        w.field("relation", std::string_view(e.relation));
        w.field("lock", lock_name(e.lock));
        w.key("blocks");
        w.begin_array();
        for (std::string_view b : blocked_operations(e.lock)) w.value(b);
        w.end_array();
        w.field("rewrite", e.rewrite);
        w.field("scan", e.scan || e.rewrite);
        w.end_object();
      }
      w.end_array();
      w.key("rules");
      w.begin_array();
      for (const std::string& rule : s.rules) w.value(std::string_view(rule));
      w.end_array();
      w.end_object();
      stream.maybe_flush();
    }
    w.end_array();
    w.end_object();
    stream.finish();
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
