// `pgsafe lsp` driven over pipes, and by Neovim's built-in LSP client.
#include <catch2/catch.hpp>

#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace pgsafe::test;
using nlohmann::json;

namespace {

// A `pgsafe lsp` child process with its stdin and stdout on pipes.
class LspProcess {
 public:
  LspProcess() {
    int to_child[2];
    int from_child[2];
    REQUIRE(::pipe(to_child) == 0);
    REQUIRE(::pipe(from_child) == 0);
    m_pid = ::fork();
    REQUIRE(m_pid >= 0);
    if (m_pid == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[0]);
      ::close(to_child[1]);
      ::close(from_child[0]);
      ::close(from_child[1]);
      ::execl(PGSAFE_BINARY, PGSAFE_BINARY, "lsp", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    m_in = to_child[1];
    m_out = from_child[0];
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~LspProcess() {
    if (m_in >= 0) ::close(m_in);
    if (m_out >= 0) ::close(m_out);
    if (m_pid > 0 && !m_reaped) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
  }
  LspProcess(const LspProcess&) = delete;
  LspProcess& operator=(const LspProcess&) = delete;

  void send(const json& msg) {
    std::string body = msg.dump();
    std::string framed = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    size_t off = 0;
    while (off < framed.size()) {
      ssize_t n = ::write(m_in, framed.data() + off, framed.size() - off);
      REQUIRE(n > 0);
      off += static_cast<size_t>(n);
    }
  }
  // `initialize`, without a workspace, and its answer.
  void initialize() {
    request(1, "initialize", {{"processId", nullptr}, {"capabilities", json::object()}});
    response(1);
  }
  // `shutdown` (answered with null), then `exit`: the server ends with status 0.
  void shut_down(int id) {
    request(id, "shutdown", nullptr);
    CHECK(response(id)["result"].is_null());
    notify("exit", nullptr);
    CHECK(wait_exit() == 0);
  }
  // Several messages in one write(): they reach the server together.
  void send_together(const std::vector<json>& msgs) {
    std::string framed;
    for (const json& msg : msgs) {
      std::string body = msg.dump();
      framed += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    // A pipe write of at most PIPE_BUF bytes is atomic: the server sees all
    // of it or none.
    REQUIRE(framed.size() <= PIPE_BUF);
    REQUIRE(::write(m_in, framed.data(), framed.size()) == static_cast<ssize_t>(framed.size()));
  }
  void request(int id, const std::string& method, const json& params) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  }
  void notify(const std::string& method, const json& params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }

  // The next message, or nullopt after 20 s or at the end of the output.
  std::optional<json> next() {
    while (true) {
      size_t hdr = m_buf.find("\r\n\r\n");
      if (hdr != std::string::npos) {
        size_t cl = m_buf.find("Content-Length: ");
        REQUIRE(cl != std::string::npos);
        size_t len = std::stoul(m_buf.substr(cl + 16, hdr - cl - 16));
        if (m_buf.size() >= hdr + 4 + len) {
          json j = json::parse(m_buf.substr(hdr + 4, len));
          m_buf.erase(0, hdr + 4 + len);
          return j;
        }
      }
      pollfd p{m_out, POLLIN, 0};
      if (::poll(&p, 1, 20000) <= 0) return std::nullopt;
      char buf[65536];
      ssize_t n = ::read(m_out, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      m_buf.append(buf, static_cast<size_t>(n));
    }
  }
  // Skips messages until one satisfies `pred`.
  json wait_for(const std::function<bool(const json&)>& pred) {
    while (auto m = next()) {
      if (pred(*m)) return *m;
    }
    FAIL("no such message from the server");
    return {};
  }
  json response(int id) {
    return wait_for([id](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  json diagnostics_for(const std::string& uri) {
    return wait_for([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    })["params"]["diagnostics"];
  }
  // Closes stdin's pipe after `exit` and returns the exit status.
  int wait_exit() {
    ::close(m_in);
    m_in = -1;
    int st = 0;
    for (int i = 0; i < 200; ++i) {
      pid_t r = ::waitpid(m_pid, &st, WNOHANG);
      if (r == m_pid) {
        m_reaped = true;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      }
      ::usleep(50000);
    }
    return -1;
  }

 private:
  pid_t m_pid = -1;
  int m_in = -1;
  int m_out = -1;
  bool m_reaped = false;
  std::string m_buf;
};

fs::path make_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("pgsafe-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string file_uri(const fs::path& p) { return "file://" + p.string(); }

const json* find_code(const json& diags, const std::string& code) {
  for (const json& d : diags) {
    if (d.value("code", "") == code) return &d;
  }
  return nullptr;
}

// The schema comes from an earlier migration in the same directory; the
// finding is on a line whose prefix has 2- and 4-byte UTF-8 characters
// ("é" is 1 UTF-16 unit, the emoji 2).
const char* k_schema =
    "CREATE TABLE orders (id bigint, customer_id bigint);\n"
    "CREATE INDEX orders_customer_idx ON orders (customer_id);\n";
const char* k_migration =
    "SET lock_timeout = '2s';\n"
    "SELECT 'é😀'; DROP INDEX orders_customer_idx;\n";

}  // namespace

TEST_CASE("lsp: diagnostics at UTF-16 positions - a fix as a code action - cleared after the edit", "[lsp]") {
  fs::path dir = make_dir("lsp");
  write_file(dir / "0001_schema.sql", k_schema);
  fs::path mig = dir / "0002_drop.sql";
  write_file(mig, "-- on disk: not what the editor has\n");
  const std::string uri = file_uri(mig);

  LspProcess lsp;
  lsp.request(1, "initialize", {{"processId", nullptr}, {"rootUri", file_uri(dir)}, {"capabilities", json::object()}});
  json init = lsp.response(1);
  const json& caps = init["result"]["capabilities"];
  CHECK(caps["textDocumentSync"]["change"] == 1);
  CHECK(caps["textDocumentSync"]["openClose"] == true);
  CHECK(caps["hoverProvider"] == true);
  CHECK(caps.contains("codeActionProvider"));
  lsp.notify("initialized", json::object());

  lsp.notify("textDocument/didOpen",
             {{"textDocument", {{"uri", uri}, {"languageId", "sql"}, {"version", 1}, {"text", k_migration}}}});
  json diags = lsp.diagnostics_for(uri);
  INFO(diags.dump(2));
  REQUIRE(diags.size() == 1);  // the catalog knew the index: its table existed
  const json* d = find_code(diags, "drop-index-non-concurrent");
  REQUIRE(d != nullptr);
  CHECK((*d)["source"] == "pgsafe");
  CHECK((*d)["severity"] == 2);
  CHECK((*d)["range"]["start"] == json({{"line", 1}, {"character", 14}}));  // 17 bytes, 13 code points
  CHECK((*d)["range"]["end"] == json({{"line", 1}, {"character", 24}}));    // "DROP INDEX"
  CHECK(!d->contains("codeDescription"));

  // Hover on the finding shows the rule's documentation.
  lsp.request(2, "textDocument/hover",
              {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 16}}}});
  json hover = lsp.response(2)["result"];
  REQUIRE(hover.is_object());
  CHECK(hover["contents"]["kind"] == "markdown");
  CHECK(hover["contents"]["value"].get<std::string>().find("## Safe alternative") != std::string::npos);
  lsp.request(3, "textDocument/hover",
              {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(lsp.response(3)["result"].is_null());

  // Code actions: the fix and the suppression comment.
  lsp.request(4, "textDocument/codeAction",
              {{"textDocument", {{"uri", uri}}}, {"range", (*d)["range"]}, {"context", {{"diagnostics", diags}}}});
  json actions = lsp.response(4)["result"];
  INFO(actions.dump(2));
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["title"] == "Use DROP INDEX CONCURRENTLY");
  CHECK(actions[0]["kind"] == "quickfix");
  json fix_edit = actions[0]["edit"]["changes"][uri][0];
  CHECK(fix_edit["newText"] == " CONCURRENTLY");
  CHECK(fix_edit["range"]["start"] == json({{"line", 1}, {"character", 24}}));
  CHECK(actions[1]["title"] == "Ignore drop-index-non-concurrent for this statement");
  json ignore_edit = actions[1]["edit"]["changes"][uri][0];
  // The statement starts after another one on its line: a block comment
  // right before it, so the SELECT is not covered too.
  CHECK(ignore_edit["newText"] == "/* pgsafe-ignore drop-index-non-concurrent: */ ");
  CHECK(ignore_edit["range"]["start"] == json({{"line", 1}, {"character", 14}}));

  // A code action request away from the finding gets nothing.
  lsp.request(5, "textDocument/codeAction",
              {{"textDocument", {{"uri", uri}}},
               {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 3}}}}},
               {"context", {{"diagnostics", json::array()}}}});
  CHECK(lsp.response(5)["result"].empty());

  // Apply the fix as the client would: the diagnostics are cleared.
  std::string fixed = k_migration;
  fixed.insert(fixed.find("DROP INDEX") + 10, " CONCURRENTLY");
  lsp.notify("textDocument/didChange",
             {{"textDocument", {{"uri", uri}, {"version", 2}}}, {"contentChanges", json::array({{{"text", fixed}}})}});
  CHECK(lsp.diagnostics_for(uri).empty());

  // The suppression comment silences the finding too.
  std::string ignored = k_migration;
  ignored.insert(ignored.find("DROP"), "/* pgsafe-ignore drop-index-non-concurrent: */ ");
  lsp.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 3}}},
                                        {"contentChanges", json::array({{{"text", ignored}}})}});
  CHECK(lsp.diagnostics_for(uri).empty());

  // Back to the bad text, then close: closing clears the diagnostics.
  lsp.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 4}}},
                                        {"contentChanges", json::array({{{"text", k_migration}}})}});
  CHECK(lsp.diagnostics_for(uri).size() == 1);
  lsp.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  CHECK(lsp.diagnostics_for(uri).empty());

  lsp.request(6, "no/such/method", json::object());
  CHECK(lsp.response(6)["error"]["code"] == -32601);

  lsp.shut_down(7);
  fs::remove_all(dir);
}

TEST_CASE("lsp: pgsafe.toml applies - open buffers of earlier migrations win over the disk", "[lsp]") {
  fs::path dir = make_dir("lsp-buffers");
  // On disk the earlier migration does not define the table: the column's
  // type is unknown, so changing it is assumed to rewrite the table.
  write_file(dir / "0001_schema.sql", "SELECT 1;\n");
  fs::path mig = dir / "0002_widen.sql";
  write_file(mig, "");
  LspProcess lsp;
  lsp.initialize();
  const std::string uri = file_uri(mig);
  const std::string text = "SET lock_timeout = '2s';\n  ALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n";
  lsp.notify("textDocument/didOpen",
             {{"textDocument", {{"uri", uri}, {"languageId", "sql"}, {"version", 1}, {"text", text}}}});
  json diags = lsp.diagnostics_for(uri);
  const json* d = find_code(diags, "change-column-type");
  REQUIRE(d != nullptr);
  CHECK((*d)["severity"] == 1);

  // No fix for this rule: only the suppression comment, on a line of its
  // own before the statement, with the statement's indentation.
  lsp.request(2, "textDocument/codeAction",
              {{"textDocument", {{"uri", uri}}}, {"range", (*d)["range"]}, {"context", {{"diagnostics", diags}}}});
  json actions = lsp.response(2)["result"];
  REQUIRE(actions.size() == 1);
  json edit = actions[0]["edit"]["changes"][uri][0];
  CHECK(edit["newText"] == "  -- pgsafe-ignore change-column-type: \n");
  CHECK(edit["range"]["start"] == json({{"line", 1}, {"character", 0}}));

  // pgsafe.toml in the directory ignores the rule.
  write_file(dir / "pgsafe.toml", "ignore = [\"change-column-type\"]\n");
  lsp.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
  CHECK(find_code(lsp.diagnostics_for(uri), "change-column-type") == nullptr);
  fs::remove(dir / "pgsafe.toml");
  lsp.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
  CHECK(find_code(lsp.diagnostics_for(uri), "change-column-type") != nullptr);

  // The editor opens the earlier migration and defines the table in its
  // buffer: the later document is re-linted against it (widening a
  // varchar does not rewrite).
  const std::string schema_uri = file_uri(dir / "0001_schema.sql");
  lsp.notify("textDocument/didOpen", {{"textDocument",
                                       {{"uri", schema_uri},
                                        {"languageId", "sql"},
                                        {"version", 1},
                                        {"text", "CREATE TABLE orders (id bigint, code varchar(20));\n"}}}});
  CHECK(lsp.diagnostics_for(schema_uri).empty());
  CHECK(lsp.diagnostics_for(uri).empty());
  // Closed without saving: the disk version counts again.
  lsp.notify("textDocument/didClose", {{"textDocument", {{"uri", schema_uri}}}});
  CHECK(lsp.diagnostics_for(schema_uri).empty());
  CHECK(find_code(lsp.diagnostics_for(uri), "change-column-type") != nullptr);

  lsp.shut_down(3);
  fs::remove_all(dir);
}

TEST_CASE("lsp: a directory per migration (Prisma, Diesel) replays the migrations before it", "[lsp]") {
  // migrations/<timestamp>_<name>/migration.sql: the document's own
  // directory holds nothing earlier; the directories beside it do.
  fs::path dir = make_dir("lsp-nested");
  fs::path migrations = dir / "migrations";
  auto put = [](const fs::path& p, const std::string& body) {
    fs::create_directories(p.parent_path());
    write_file(p, body);
  };
  put(migrations / "20240101000000_init" / "migration.sql", "CREATE TABLE orders (id bigint, code varchar(20));\n");
  // A later migration, which must not be replayed: after it, widening the
  // column would be a rewrite.
  put(migrations / "20240103000000_later" / "migration.sql",
      "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer;\n");
  put(migrations / "migration_lock.toml", "provider = \"postgresql\"\n");
  const std::string text = "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n";
  fs::path mig = migrations / "20240102000000_widen" / "migration.sql";
  put(mig, text);
  // The same text outside any migration set knows no schema: the column's
  // type is unknown, so changing it is assumed to rewrite the table.
  fs::path alone = dir / "scratch" / "widen.sql";
  put(alone, text);

  LspProcess lsp;
  lsp.initialize();
  auto open = [&](const std::string& uri, const std::string& body) {
    lsp.notify("textDocument/didOpen",
               {{"textDocument", {{"uri", uri}, {"languageId", "sql"}, {"version", 1}, {"text", body}}}});
  };
  const std::string alone_uri = file_uri(alone);
  open(alone_uri, text);
  CHECK(find_code(lsp.diagnostics_for(alone_uri), "change-column-type") != nullptr);

  const std::string uri = file_uri(mig);
  open(uri, text);
  CHECK(lsp.diagnostics_for(uri).empty());  // varchar(20) to varchar(50): no rewrite

  // An edit to the earlier migration, in another directory, re-lints the
  // document: from integer, the change rewrites.
  const std::string init_uri = file_uri(migrations / "20240101000000_init" / "migration.sql");
  open(init_uri, "CREATE TABLE orders (id bigint, code integer);\n");
  CHECK(lsp.diagnostics_for(init_uri).empty());
  const json diags = lsp.diagnostics_for(uri);
  const json* d = find_code(diags, "change-column-type");
  REQUIRE(d != nullptr);
  CHECK((*d)["message"].get<std::string>().find("from int4 to varchar(50)") != std::string::npos);
  lsp.notify("textDocument/didClose", {{"textDocument", {{"uri", init_uri}}}});
  CHECK(lsp.diagnostics_for(init_uri).empty());
  CHECK(lsp.diagnostics_for(uri).empty());

  lsp.shut_down(2);
  fs::remove_all(dir);
}

TEST_CASE("lsp: a burst of edits is linted once, at its last text", "[lsp]") {
  fs::path dir = make_dir("lsp-burst");
  fs::path mig = dir / "0001_edit.sql";
  write_file(mig, "");
  LspProcess lsp;
  lsp.initialize();
  const std::string uri = file_uri(mig);
  lsp.notify("textDocument/didOpen",
             {{"textDocument", {{"uri", uri}, {"languageId", "sql"}, {"version", 1}, {"text", "SELECT 1;\n"}}}});
  CHECK(lsp.diagnostics_for(uri).empty());

  // Twelve edits at once, as fast typing sends them to a server busy
  // linting: only the last text is linted. It drops a column.
  std::vector<json> burst;
  for (int v = 2; v <= 13; ++v) {
    std::string text = v < 13 ? "SELECT " + std::to_string(v) + ";\n" : "ALTER TABLE t DROP COLUMN c;\n";
    burst.push_back(
        {{"jsonrpc", "2.0"},
         {"method", "textDocument/didChange"},
         {"params", {{"textDocument", {{"uri", uri}, {"version", v}}}, {"contentChanges", {{{"text", text}}}}}}});
  }
  const json position = {{"line", 0}, {"character", 0}};
  const json hover_params = {{"textDocument", {{"uri", uri}}}, {"position", position}};
  burst.push_back({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "textDocument/hover"}, {"params", hover_params}});
  lsp.send_together(burst);
  // Before the hover's reply: one publication, of the last text.
  std::vector<json> published;
  while (auto m = lsp.next()) {
    if (m->value("method", "") == "textDocument/publishDiagnostics" && (*m)["params"]["uri"] == uri) {
      published.push_back((*m)["params"]["diagnostics"]);
    }
    if (m->contains("id") && (*m)["id"] == 2) break;
  }
  REQUIRE(published.size() == 1);
  CHECK(find_code(published[0], "drop-column") != nullptr);

  lsp.shut_down(3);
  fs::remove_all(dir);
}

TEST_CASE("lsp: Neovim's built-in client receives the diagnostics", "[lsp][nvim]") {
  if (run("command -v nvim >/dev/null").status != 0) {
    WARN("nvim is not installed: skipped");
    return;
  }
  fs::path dir = make_dir("nvim");
  write_file(dir / "0001_schema.sql", k_schema);
  fs::path mig = dir / "0002_drop.sql";
  write_file(mig, k_migration);
  fs::path out = dir / "diagnostics.txt";
  fs::path script = dir / "t.lua";
  write_file(script, R"LUA(
local dir, file, out, bin = ...
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local id = vim.lsp.start_client{cmd = {bin, 'lsp'}, root_dir = dir, name = 'pgsafe'}
vim.lsp.buf_attach_client(0, id)
vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d:%s:%s:%d', d.lnum, d.col, code, d.source or '', d.severity))
end
table.sort(lines)
vim.fn.writefile(lines, out)
vim.cmd('qa!')
)LUA");
  // Lua gets the arguments through a small wrapper: luafile takes none.
  write_file(dir / "run.lua", "loadfile('" + script.string() + "')('" + dir.string() + "', '" + mig.string() + "', '" +
                                  out.string() + "', '" PGSAFE_BINARY "')\n");
  RunResult r = run("timeout 60 nvim --headless -u NONE -i NONE -n -c 'luafile " + (dir / "run.lua").string() +
                    "' >/dev/null 2>&1");
  CHECK(r.status == 0);
  REQUIRE(fs::exists(out));
  // Neovim turns the UTF-16 column into a byte column: 17 bytes precede DROP.
  CHECK(read_file(out) == "1:17:drop-index-non-concurrent:pgsafe:2\n");
  fs::remove_all(dir);
}
