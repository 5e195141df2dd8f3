// SARIF 2.1.0 output for GitHub code scanning (and any SARIF viewer).
//
// One run: tool.driver lists every rule of the run (ruleIndex points into it);
// each diagnostic is a result with a 1-based region whose columns count
// Unicode code points (run.columnKind), an artifact URI relative to the
// working directory under %SRCROOT%, partialFingerprints that do not depend
// on line numbers, and `fixes` when the rule produced a mechanical fix.
// The output is checked with Microsoft's SARIF Multitool using GitHub's rules
// (scripts/sarif-validate.sh, tests/reporters_test.cpp).
#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "json_writer.hpp"
#include "ordered_tasks.hpp"
#include "pgsafe/registry.hpp"
#include "pgsafe/reporter.hpp"

namespace pgsafe {

namespace {

using json = nlohmann::ordered_json;

constexpr char k_fingerprint_key[] = "pgsafe/statement/v1";

// SARIF's levels have the same names as pgsafe's severities.
std::string_view sarif_level(Severity s) { return severity_name(s); }

// SARIF wants messages to be sentences.
std::string sentence(std::string_view s) {
  std::string out(s);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  if (out.empty()) return out;
  char last = out.back();
  if (last != '.' && last != '!' && last != '?') out += '.';
  return out;
}

// "drop-column" -> "DropColumn"
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// Percent-encodes a path for a URI reference; '/' separates segments.
std::string uri_encode(std::string_view path) {
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '~' || c == '/' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' ||
                c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=' || c == '@';
    if (keep) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

struct ArtifactUri {
  std::string uri;
  bool relative = true;
};

ArtifactUri artifact_uri(const std::string& path, const std::filesystem::path& base) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) return {uri_encode(path), true};
  abs = abs.lexically_normal();
  fs::path rel = abs.lexically_relative(base);
  std::string r = rel.generic_string();
  if (r.empty() || r == "." || r.starts_with("..")) return {"file://" + uri_encode(abs.generic_string()), false};
  return {uri_encode(r), true};
}

// Each file's artifact URI, as artifact_uri gives it. The files of one
// directory differ only in their last component, which artifact_uri's
// lexical path operations leave as it is: each directory's URI prefix is
// worked out once, from its first file, and the others' names are appended
// to it (those operations, file by file, took 40% of a SARIF report of the
// corpus). A last component that is "." or "..", or starts with "..", takes
// the long way. Runs of files are done on `jobs` threads, each run with a
// cache of its own: where every migration has a directory of its own
// (Prisma's layout), each file is its directory's first.
std::vector<ArtifactUri> artifact_uris(const LintResult& r, const std::filesystem::path& base, unsigned jobs) {
  struct DirUri {
    std::string prefix;
    bool relative = true;
    bool usable = false;
  };
  constexpr size_t k_run = 256;
  std::vector<ArtifactUri> uris(r.files.size());
  parallel_for((r.files.size() + k_run - 1) / k_run, jobs, [&](size_t run) {
    std::unordered_map<std::string_view, DirUri> dirs;
    for (size_t i = run * k_run; i < std::min(r.files.size(), (run + 1) * k_run); ++i) {
      const std::string& full = r.files[i].parsed->source.path;
      const std::string_view path = full;
      const size_t slash = path.rfind('/');
      const std::string_view dir = path.substr(0, slash == std::string_view::npos ? 0 : slash + 1);
      const std::string_view name = path.substr(dir.size());
      if (name.empty() || name == "." || name.starts_with("..")) {
        uris[i] = artifact_uri(full, base);
        continue;
      }
      auto [it, fresh] = dirs.try_emplace(dir);
      DirUri& d = it->second;
      if (!fresh) {
        uris[i] = d.usable ? ArtifactUri{d.prefix + uri_encode(name), d.relative} : artifact_uri(full, base);
        continue;
      }
      uris[i] = artifact_uri(full, base);
      const std::string& uri = uris[i].uri;
      const std::string encoded = uri_encode(name);
      const size_t cut = uri.size() - std::min(uri.size(), encoded.size());
      d.usable = uri.ends_with(encoded) && (cut == 0 ? uris[i].relative : uri[cut - 1] == '/');
      d.prefix = uri.substr(0, cut);
      d.relative = uris[i].relative;
    }
  });
  return uris;
}

void write_location(JsonWriter& w, const ArtifactUri& a) {
  w.begin_object();
  w.field("uri", std::string_view(a.uri));
  if (a.relative) w.field("uriBaseId", "%SRCROOT%");
  w.end_object();
}

void text_object(JsonWriter& w, std::string_view text) {
  w.begin_object();
  w.field("text", text);
  w.end_object();
}

void write_region(JsonWriter& w, const ParsedFile& f, Span s, bool snippet) {
  Position b = f.source.lines.position(f.text(), s.begin);
  Position e = f.source.lines.position(f.text(), s.end);
  w.begin_object();
  w.field("startLine", b.line);
  w.field("startColumn", b.column);
  w.field("endLine", e.line);
  w.field("endColumn", e.column);
  if (snippet && !s.empty()) {
    w.key("snippet");
    text_object(w, f.slice(s));
  }
  w.end_object();
}

// FNV-1a's prime, and the seeds of a fingerprint's two hashes (the first is
// FNV-1a's own offset basis).
constexpr uint64_t k_fnv_prime = 0x100000001b3ULL;
constexpr uint64_t k_seed1 = 0xcbf29ce484222325ULL;
constexpr uint64_t k_seed2 = 0x84222325cbf29ce4ULL;

uint64_t fnv1a(std::string_view s, uint64_t h) {
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * k_fnv_prime;
  return h;
}

// Both hashes of "rule \0 anchor", the anchor's whitespace runs replaced by
// one space and its leading and trailing ones dropped: in one pass over the
// anchor, without building that string. (Statements run to kilobytes, and
// building the string, then hashing it twice, took 8,000 instructions a
// finding on the corpus.)
std::pair<uint64_t, uint64_t> hash_anchor(std::string_view rule, std::string_view anchor) {
  uint64_t h1 = k_seed1;
  uint64_t h2 = k_seed2;
  auto add = [&](unsigned char c) {
    h1 = (h1 ^ c) * k_fnv_prime;
    h2 = (h2 ^ c) * k_fnv_prime;
  };
  for (char c : rule) add(static_cast<unsigned char>(c));
  add(0);
  bool space = false;
  bool started = false;
  for (char c : anchor) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && started) add(' ');
    space = false;
    started = true;
    add(static_cast<unsigned char>(c));
  }
  return {h1, h2};
}

// The text a diagnostic is anchored to: its statement, or (outside any
// statement, e.g. a comment) its own span, or else its line.
std::string_view anchor_text(const ParsedFile& f, Span span) {
  auto it = std::lower_bound(f.statements.begin(), f.statements.end(), span.begin,
                             [](const Statement& s, uint32_t pos) { return s.span.end < pos; });
  if (it != f.statements.end() && it->span.begin <= span.begin) return f.slice(it->span);
  if (!span.empty()) return f.slice(span);
  uint32_t line = f.source.lines.line_of(span.begin);
  uint32_t b = f.source.lines.line_start(line);
  uint32_t e = f.source.lines.line_end(f.text(), line);
  return f.text().substr(b, e - b);
}

// Writes a small nlohmann value through the streaming writer (same bytes as
// nlohmann's dump(2)).
void write_value(JsonWriter& w, const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      w.begin_object();
      for (const auto& [k, x] : v.items()) {
        w.key_text(k);
        write_value(w, x);
      }
      w.end_object();
      break;
    case json::value_t::array:
      w.begin_array();
      for (const json& x : v) write_value(w, x);
      w.end_array();
      break;
    case json::value_t::string:
      w.value(std::string_view(v.get_ref<const std::string&>()));
      break;
    case json::value_t::boolean:
      w.value(v.get<bool>());
      break;
    case json::value_t::number_unsigned:
      w.value(v.get<uint64_t>());
      break;
    default:
      w.raw(v.dump());  // signed and floating numbers, null
  }
}

}  // namespace

std::vector<std::string> diagnostic_fingerprints(const LintResult& r, unsigned jobs) {
  // A fingerprint hashes "rule \0 anchor text, whitespace normalised \0
  // occurrence", the occurrence counting earlier findings of the same rule
  // and text in the file. FNV-1a hashes in one pass, so the state after the
  // rule and text is kept per (file, rule, anchor) and only the occurrence
  // is hashed per finding: normalising a statement's text for each of its
  // findings was quadratic (5,000 DROP COLUMNs in one ALTER TABLE: 6.7 s).
  // The fingerprints are the same as when every key was hashed whole.
  //
  // A fingerprint depends on its own file's findings alone, and those are
  // consecutive (the findings are sorted by file): files are hashed on
  // `jobs` threads, each file with maps of its own. (On one thread, before
  // the results were written, this took a sixth of a SARIF report of the
  // corpus.)
  struct Prefix {
    uint64_t h1;
    uint64_t h2;
  };
  struct AnchorKey {
    uint32_t file;
    std::string_view rule;
    const char* text;
    size_t size;
    bool operator==(const AnchorKey&) const = default;
  };
  struct AnchorHash {
    size_t operator()(const AnchorKey& k) const {
      return std::hash<const char*>{}(k.text) ^ (k.size * 0x9E3779B97F4A7C15ULL) ^ (size_t{k.file} << 32) ^
             std::hash<std::string_view>{}(k.rule);
    }
  };
  struct PrefixKey {
    uint32_t file;
    uint64_t h1;
    uint64_t h2;
    bool operator==(const PrefixKey&) const = default;
  };
  struct PrefixHash {
    size_t operator()(const PrefixKey& k) const { return k.h1 ^ (k.h2 * 0x9E3779B97F4A7C15ULL) ^ k.file; }
  };
  const std::vector<Diagnostic>& all = r.diagnostics;
  std::vector<size_t> starts;  // where each file's findings begin, then the end
  for (size_t i = 0; i < all.size(); ++i) {
    if (i == 0 || all[i].file != all[i - 1].file) starts.push_back(i);
  }
  starts.push_back(all.size());
  std::vector<std::string> out(all.size());
  parallel_for(starts.size() - 1, jobs, [&](size_t k) {
    std::unordered_map<AnchorKey, Prefix, AnchorHash> prefixes;  // the hashed prefix of each anchor
    std::unordered_map<PrefixKey, size_t, PrefixHash> seen;      // occurrences so far of each prefix
    for (size_t di = starts[k]; di < starts[k + 1]; ++di) {
      const Diagnostic& d = all[di];
      const ParsedFile& f = *r.files[d.file].parsed;
      const std::string_view anchor = anchor_text(f, d.span);
      auto [at, fresh] = prefixes.try_emplace(AnchorKey{d.file, d.rule, anchor.data(), anchor.size()});
      if (fresh) {
        const auto [h1, h2] = hash_anchor(d.rule, anchor);
        at->second = Prefix{h1, h2};
      }
      const Prefix p = at->second;
      const size_t occurrence = seen[PrefixKey{d.file, p.h1, p.h2}]++;
      const std::string suffix = '\0' + std::to_string(occurrence);
      // Two independent 64-bit hashes: 128 bits, collisions are not a concern.
      out[di] = fmt::format("{:016x}{:016x}", fnv1a(suffix, p.h1), fnv1a(suffix, p.h2));
    }
  });
  return out;
}

void write_sarif(const LintResult& r, const ReportOptions& o, std::ostream& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path base = o.base_dir.empty() ? fs::current_path(ec) : fs::absolute(fs::path(o.base_dir), ec);
  base = base.lexically_normal();
  std::string base_str = base.generic_string();
  if (!base_str.ends_with('/')) base_str += '/';

  // The rules of the run, plus any rule that reported without being listed.
  std::vector<const Rule*> rules = o.rules;
  if (rules.empty()) {
    for (const Rule* rule : all_rules()) {
      if (rule->info.default_on) rules.push_back(rule);
    }
  }
  for (const Diagnostic& d : r.diagnostics) {
    if (std::none_of(rules.begin(), rules.end(), [&](const Rule* x) { return x->info.id == d.rule; })) {
      if (const Rule* rule = find_rule(d.rule)) rules.push_back(rule);
    }
  }
  std::map<std::string_view, size_t> rule_index;
  json rules_json = json::array();
  for (const Rule* rule : rules) {
    const RuleInfo& info = rule->info;
    rule_index[info.id] = rules_json.size();
    json rj;
    rj["id"] = info.id;
    rj["name"] = pascal_case(info.id);
    rj["shortDescription"] = {{"text", sentence(info.summary)}};
    rj["fullDescription"] = {{"text", sentence(fmt::format("{}. {}", info.summary, sentence(info.help)))}};
    rj["help"] = {{"text", std::string(info.doc)}, {"markdown", std::string(info.doc)}};
    if (!o.repository_url.empty()) rj["helpUri"] = o.repository_url + "/blob/HEAD/" + rule_docs_url(info.id);
    rj["defaultConfiguration"] = {{"level", sarif_level(info.severity)}};
    rj["properties"] = {{"tags", {"postgresql", "migrations"}},
                        {"precision", "high"},
                        {"problem.severity", info.severity == Severity::Note      ? "recommendation"
                                             : info.severity == Severity::Warning ? "warning"
                                                                                  : "error"}};
    rules_json.push_back(std::move(rj));
  }

  std::vector<std::string> fingerprints = diagnostic_fingerprints(r, o.jobs);
  const std::vector<ArtifactUri> uris = artifact_uris(r, base, o.jobs);

  json driver;
  driver["name"] = "pgsafe";
  driver["version"] = PGSAFE_VERSION;
  driver["semanticVersion"] = PGSAFE_VERSION;
  if (!o.repository_url.empty()) driver["informationUri"] = o.repository_url;
  driver["rules"] = std::move(rules_json);

  // The document is streamed: one small JSON value per result instead of a
  // DOM of the whole report (a large run has tens of thousands of results).
  StreamedJson stream(out);
  JsonWriter& w = stream.writer();
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();
  w.key("tool");
  write_value(w, json{{"driver", std::move(driver)}});
  if (!r.errors.empty()) {
    json notes = json::array();
    for (const std::string& e : r.errors) notes.push_back({{"level", "error"}, {"message", {{"text", sentence(e)}}}});
    w.key("invocations");
    write_value(w, json::array({{{"executionSuccessful", false}, {"toolExecutionNotifications", std::move(notes)}}}));
  }
  w.key("originalUriBaseIds");
  write_value(w, json{{"%SRCROOT%", {{"uri", "file://" + uri_encode(base_str)}}}});
  w.key("results");
  w.begin_array();
  // Results, formatted in batches on several threads: each is one JSON
  // object inside the document, "runs", the run and "results".
  auto write_results = [&](size_t first, size_t last, std::string& buf) {
    JsonWriter part(buf, 4, first > 0);
    for (size_t di = first; di < last; ++di) {
      const Diagnostic& d = r.diagnostics[di];
      const ParsedFile& f = *r.files[d.file].parsed;
      auto index = rule_index.find(d.rule);
      part.begin_object();
      part.field("ruleId", d.rule);
      part.field("ruleIndex", static_cast<uint64_t>(index == rule_index.end() ? 0 : index->second));
      part.field("level", sarif_level(d.severity));
      part.key("message");
      text_object(part, sentence(d.message));
      part.key("locations");
      part.begin_array();
      part.begin_object();
      part.key("physicalLocation");
      part.begin_object();
      part.key("artifactLocation");
      write_location(part, uris[d.file]);
      part.key("region");
      write_region(part, f, d.span, true);
      part.end_object();
      part.end_object();
      part.end_array();
      part.key("partialFingerprints");
      part.begin_object();
      part.field(k_fingerprint_key, std::string_view(fingerprints[di]));
      part.end_object();
      if (d.fix && !d.fix->edits.empty()) {
        part.key("fixes");
        part.begin_array();
        part.begin_object();
        part.key("description");
        text_object(part, sentence(d.fix->title));
        part.key("artifactChanges");
        part.begin_array();
        part.begin_object();
        part.key("artifactLocation");
        write_location(part, uris[d.file]);
        part.key("replacements");
        part.begin_array();
        for (const Edit& e : d.fix->edits) {
          part.begin_object();
          part.key("deletedRegion");
          write_region(part, f, e.span, false);
          part.key("insertedContent");
          text_object(part, e.replacement);
          part.end_object();
        }
        part.end_array();
        part.end_object();
        part.end_array();
        part.end_object();
        part.end_array();
      }
      part.end_object();
    }
  };
  format_in_order(r.diagnostics.size(), k_report_batch, o.jobs, write_results,
                  [&](std::string_view s) { stream.write_raw(s); });
  if (!r.diagnostics.empty()) w.items_added();
  w.end_array();
  w.field("columnKind", "unicodeCodePoints");
  w.end_object();
  w.end_array();
  w.end_object();
  stream.finish();
}

}  // namespace pgsafe
