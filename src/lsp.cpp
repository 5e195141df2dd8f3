// The language server: framing, dispatch and the conversion of pgsafe's byte
// spans to LSP positions (0-based lines, UTF-16 code unit columns).
#include "pgsafe/lsp.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pgsafe/config.hpp"
#include "pgsafe/lint.hpp"
#include "pgsafe/migration_set.hpp"
#include "pgsafe/registry.hpp"

namespace pgsafe {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ---- framing --------------------------------------------------------------

// One message body, or nullopt at the end of the input.
std::optional<std::string> read_message(std::istream& in) {
  size_t length = 0;
  bool have_length = false;
  std::string line;
  while (true) {
    if (!std::getline(in, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (have_length) break;
      continue;  // stray blank line before the headers
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "content-length") {
      length = std::strtoull(line.c_str() + colon + 1, nullptr, 10);
      have_length = true;
    }
  }
  std::string body(length, '\0');
  if (length > 0 && !in.read(body.data(), static_cast<std::streamsize>(length))) return std::nullopt;
  return body;
}

void write_message(std::ostream& out, const json& msg) {
  std::string body = msg.dump(-1, ' ', false, json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

// ---- URIs -----------------------------------------------------------------

std::string uri_to_path(const std::string& uri) {
  std::string s = uri;
  if (s.starts_with("file://")) s.erase(0, 7);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<std::string> read_disk(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// ---- the server -----------------------------------------------------------

struct LspDiag {
  std::string rule;
  Severity severity = Severity::Error;
  std::string message;
  json range;
  OutOfLine<Fix> fix;
  uint32_t stmt_begin = 0;       // byte offset of the statement's first token
  uint32_t stmt_line_start = 0;  // byte offset of the line the statement starts on
  std::string indent;            // that line's leading whitespace
  bool first_on_line = true;     // nothing but whitespace before the statement on its line
};

struct Document {
  std::string text;
  std::vector<LspDiag> diags;
};

json position(const SourceFile& src, uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(src.text.size()));
  return {{"line", src.lines.line_of(offset) - 1}, {"character", src.lines.utf16_column(src.text, offset)}};
}

json range(const SourceFile& src, Span s) { return {{"start", position(src, s.begin)}, {"end", position(src, s.end)}}; }

// (line, character) pairs compare lexicographically.
bool pos_le(const json& a, const json& b) {
  int al = a.value("line", 0);
  int bl = b.value("line", 0);
  return al < bl || (al == bl && a.value("character", 0) <= b.value("character", 0));
}

bool ranges_touch(const json& a, const json& b) { return pos_le(a["start"], b["end"]) && pos_le(b["start"], a["end"]); }

class Server {
 public:
  explicit Server(std::ostream& out) : m_out(out) {}

  // Returns the exit status once `exit` arrives.
  std::optional<int> handle(const json& msg) {
    std::string method = msg.value("method", "");
    bool is_request = msg.contains("id");
    json id = is_request ? msg["id"] : json();
    const json params = msg.contains("params") ? msg["params"] : json::object();
    if (method.empty()) return std::nullopt;  // a response to us: we send no requests
    // Whatever comes after an edit sees the diagnostics of the edited text.
    if (method != "textDocument/didChange" && method != "shutdown" && method != "exit") flush();
    if (method == "exit") return m_shutdown ? 0 : 1;
    if (m_shutdown && is_request) {
      reply_error(id, -32600, "the server is shut down");
      return std::nullopt;
    }
    try {
      if (method == "initialize") {
        reply(id, initialize_result());
      } else if (method == "shutdown") {
        m_shutdown = true;
        reply(id, nullptr);
      } else if (method == "textDocument/didOpen") {
        const json& td = params.at("textDocument");
        std::string uri = td.at("uri").get<std::string>();
        m_docs[uri].text = td.at("text").get<std::string>();
        lint_and_publish(uri);
      } else if (method == "textDocument/didChange") {
        std::string uri = params.at("textDocument").at("uri").get<std::string>();
        const json& changes = params.at("contentChanges");
        // Full sync: the last change holds the whole text. Linted by flush().
        if (!changes.empty()) m_docs[uri].text = changes.back().at("text").get<std::string>();
        m_changed.insert(uri);
      } else if (method == "textDocument/didSave") {
        std::string uri = params.at("textDocument").at("uri").get<std::string>();
        if (params.contains("text") && params["text"].is_string()) m_docs[uri].text = params["text"].get<std::string>();
        if (m_docs.count(uri) != 0) lint_and_publish(uri);
      } else if (method == "textDocument/didClose") {
        std::string uri = params.at("textDocument").at("uri").get<std::string>();
        m_docs.erase(uri);
        m_sources.erase(uri);
        notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
        refresh_later(uri);  // they now replay the file as it is on disk
      } else if (method == "textDocument/codeAction") {
        reply(id, code_actions(params));
      } else if (method == "textDocument/hover") {
        reply(id, hover(params));
      } else if (is_request) {
        reply_error(id, -32601, "method not found: " + method);
      }
    } catch (const json::exception& e) {
      if (is_request) reply_error(id, -32602, std::string("invalid params: ") + e.what());
    } catch (const std::exception& e) {
      if (is_request) reply_error(id, -32603, std::string("internal error: ") + e.what());
    }
    return std::nullopt;
  }

  // Lints and publishes the documents changed since the last flush. run_lsp
  // calls it when no more input is waiting, so a burst of edits (fast typing
  // on a slow lint: a set of many migrations) is linted once, at its last
  // text, rather than once per keystroke with the replies falling behind.
  void flush() {
    if (m_shutdown) return;  // nothing is published after shutdown
    std::set<std::string> changed = std::move(m_changed);
    m_changed.clear();
    for (const std::string& uri : changed) {
      // As for any notification, a failure is not reported to the client.
      try {
        if (m_docs.count(uri) != 0) lint_and_publish(uri);
      } catch (const std::exception&) {
      }
    }
  }

  void reply_error(const json& id, int code, const std::string& message) {
    write_message(m_out, {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

 private:
  void reply(const json& id, const json& result) {
    write_message(m_out, {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
  }
  void notify(const std::string& method, const json& params) {
    write_message(m_out, {{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }

  static json initialize_result() {
    return {{"capabilities",
             {{"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", true}}}}},
              {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
              {"hoverProvider", true}}},
            {"serverInfo", {{"name", "pgsafe"}, {"version", PGSAFE_VERSION}}}};
  }

  // Lints one document (after the earlier migrations of its directory) and
  // publishes its diagnostics; then refreshes the open documents after it.
  void lint_and_publish(const std::string& uri) {
    publish(uri);
    refresh_later(uri);
  }

  // Re-publishes the open documents that come after `uri` in its migration
  // set: they replay it.
  void refresh_later(const std::string& uri) {
    const fs::path changed(uri_to_path(uri));
    for (auto& [other, doc] : m_docs) {
      if (other != uri && migrates_before(changed, uri_to_path(other))) publish(other);
    }
  }

  void publish(const std::string& uri) {
    Document& doc = m_docs[uri];
    doc.diags = lint_document(uri, doc.text);
    json arr = json::array();
    for (const LspDiag& d : doc.diags) arr.push_back(to_lsp(d));
    notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", arr}});
  }

  static json to_lsp(const LspDiag& d) {
    json j = {{"range", d.range},
              {"severity", d.severity == Severity::Error     ? 1
                           : d.severity == Severity::Warning ? 2
                                                             : 3},
              {"code", d.rule},
              {"source", "pgsafe"},
              {"message", d.message}};
    // A link only when pgsafe's web home is known; otherwise hover shows the docs.
    if (const char* base = std::getenv("PGSAFE_REPOSITORY_URL");
        base != nullptr && std::string_view(base).starts_with("https://")) {
      j["codeDescription"] = {{"href", fmt::format("{}/blob/HEAD/docs/rules.md#{}", base, d.rule)}};
    }
    return j;
  }

  std::vector<LspDiag> lint_document(const std::string& uri, const std::string& text) {
    std::string path = uri_to_path(uri);
    fs::path fp(path);
    LintOptions lo;
    // pgsafe.toml: the nearest one up from the document's directory.
    std::optional<Config> cfg;
    if (auto found = find_config(fp.parent_path())) {
      std::string err;
      cfg = load_config(found->string(), err);
    }
    if (cfg) {
      if (cfg->pg_version) lo.analysis.pg_version = *cfg->pg_version;
      if (cfg->assume_in_transaction) lo.analysis.assume_in_transaction = *cfg->assume_in_transaction;
      if (cfg->select) lo.select = *cfg->select;
      if (cfg->ignore) lo.ignore = *cfg->ignore;
      lo.severity = cfg->severity;
      if (config_excludes(*cfg, path)) return {};
    }
    if (!unknown_rule_ids(lo).empty()) {
      lo.select.clear();
      lo.ignore.clear();
    }
    lo.jobs = 1;
    // The earlier migrations of its set (see migration_set.hpp), then the document.
    std::vector<SourceFile> sources;
    for (const fs::path& p : earlier_migrations(migration_set(fp), fp)) {
      // An open buffer wins over the file on disk.
      std::optional<std::string> t;
      for (const auto& [ouri, odoc] : m_docs) {
        if (uri_to_path(ouri) == p.string()) t = odoc.text;
      }
      if (!t) t = read_disk(p);
      if (t) sources.push_back(SourceFile{p.string(), std::move(*t), {}});
    }
    sources.push_back(SourceFile{path, text, {}});
    lo.report_file = [path](const std::string& p) { return p == path; };
    LintResult result = lint(std::move(sources), lo);

    std::vector<LspDiag> out;
    for (size_t fi = 0; fi < result.files.size(); ++fi) {
      const FileReport& f = result.files[fi];
      if (!f.parsed || f.parsed->source.path != path) continue;
      const ParsedFile& pf = *f.parsed;
      const SourceFile& src = pf.source;
      for (const Diagnostic& d : result.diagnostics) {
        if (d.file != fi) continue;
        LspDiag ld;
        ld.rule = std::string(d.rule);
        ld.severity = d.severity;
        ld.message = d.message;
        if (!d.help.empty()) ld.message += fmt::format("\n{}", d.help);
        ld.range = range(src, d.span);
        ld.fix = d.fix;
        uint32_t stmt_begin = d.span.begin;
        for (const Statement& st : pf.statements) {
          if (st.span.begin <= d.span.begin && d.span.begin <= st.span.end) {
            stmt_begin = st.span.begin;
            break;
          }
        }
        ld.stmt_line_start = src.lines.line_start(src.lines.line_of(stmt_begin));
        uint32_t i = ld.stmt_line_start;
        while (i < src.text.size() && (src.text[i] == ' ' || src.text[i] == '\t')) ++i;
        ld.indent = src.text.substr(ld.stmt_line_start, i - ld.stmt_line_start);
        ld.stmt_begin = stmt_begin;
        ld.first_on_line = i >= stmt_begin;
        out.push_back(std::move(ld));
      }
    }
    m_sources[uri] = SourceFile{path, text, LineIndex(text)};
    return out;
  }

  json code_actions(const json& params) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    json actions = json::array();
    auto it = m_docs.find(uri);
    if (it == m_docs.end()) return actions;
    const SourceFile& src = m_sources[uri];
    const json& want = params.at("range");
    for (const LspDiag& d : it->second.diags) {
      if (!ranges_touch(d.range, want)) continue;
      json diag = to_lsp(d);
      if (d.fix) {
        json edits = json::array();
        for (const Edit& e : d.fix->edits) edits.push_back({{"range", range(src, e.span)}, {"newText", e.replacement}});
        actions.push_back({{"title", d.fix->title},
                           {"kind", "quickfix"},
                           {"diagnostics", json::array({diag})},
                           {"isPreferred", true},
                           {"edit", {{"changes", {{uri, edits}}}}}});
      }
      if (d.rule == "unused-ignore" || d.rule == "syntax-error") continue;
      // A line comment on a line of its own before the statement; when the
      // statement starts after another one on its line, a block comment
      // right before it (a line comment would cover the earlier statement).
      json at = position(src, d.first_on_line ? d.stmt_line_start : d.stmt_begin);
      std::string text = d.first_on_line ? fmt::format("{}-- pgsafe-ignore {}: \n", d.indent, d.rule)
                                         : fmt::format("/* pgsafe-ignore {}: */ ", d.rule);
      json edit = {{"range", {{"start", at}, {"end", at}}}, {"newText", text}};
      actions.push_back({{"title", fmt::format("Ignore {} for this statement", d.rule)},
                         {"kind", "quickfix"},
                         {"diagnostics", json::array({diag})},
                         {"edit", {{"changes", {{uri, json::array({edit})}}}}}});
    }
    return actions;
  }

  json hover(const json& params) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    auto it = m_docs.find(uri);
    if (it == m_docs.end()) return nullptr;
    const json& pos = params.at("position");
    std::string md;
    json hit;
    std::vector<std::string> seen;
    for (const LspDiag& d : it->second.diags) {
      if (!pos_le(d.range["start"], pos) || !pos_le(pos, d.range["end"])) continue;
      if (std::find(seen.begin(), seen.end(), d.rule) != seen.end()) continue;
      seen.push_back(d.rule);
      const Rule* r = find_rule(d.rule);
      if (r == nullptr) continue;
      if (!md.empty()) md += "\n\n---\n\n";
      md += fmt::format("**pgsafe: {}** ({})\n\n{}\n\n{}", r->info.id, severity_name(d.severity), r->info.summary,
                        r->info.doc);
      if (hit.is_null()) hit = d.range;
    }
    if (md.empty()) return nullptr;
    return {{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", hit}};
  }

  std::ostream& m_out;
  bool m_shutdown = false;
  std::map<std::string, Document> m_docs;
  std::map<std::string, SourceFile> m_sources;  // the text each document was last linted from
  std::set<std::string> m_changed;              // documents edited since they were last linted
};

}  // namespace

int run_lsp(std::istream& in, std::ostream& out) {
  Server server(out);
  while (auto body = read_message(in)) {
    json msg = json::parse(*body, nullptr, false);
    if (msg.is_discarded() || !msg.is_object()) {
      server.reply_error(nullptr, -32700, "parse error");
      continue;
    }
    if (auto rc = server.handle(msg)) return *rc;
    // Nothing more waiting (buffered, or in the pipe: libstdc++'s filebuf
    // asks the descriptor): lint what the edits so far changed.
    if (in.rdbuf()->in_avail() <= 0) server.flush();
  }
  return 1;  // the client went away without `exit`
}

}  // namespace pgsafe
