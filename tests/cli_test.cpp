// End-to-end tests of the command line: formats, exit statuses, inputs,
// subcommands and terminal handling. They run the built binary.
#include <algorithm>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "pgsafe/registry.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace pgsafe::test;
using nlohmann::json;

namespace {

// A scratch directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path =
        fs::temp_directory_path() / ("pgsafe_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  [[nodiscard]] std::string file(const std::string& rel, const std::string& text) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    write_file(p, text);
    return p.string();
  }
  [[nodiscard]] std::string str() const { return path.string(); }
};

std::string q(const std::string& s) { return "'" + s + "'"; }
std::string check_cmd() { return pgsafe_cmd() + " check"; }

const char* const k_drop = "ALTER TABLE accounts DROP COLUMN legacy;\n";  // error + warning
const char* const k_clean = "SET lock_timeout = '2s';\nCREATE TABLE t (id bigint);\n";
const char* const k_warning_only = "ALTER TABLE accounts ADD COLUMN bio text;\n";  // missing-lock-timeout only

}  // namespace

TEST_CASE("cli: text format", "[cli]") {
  TempDir t;
  std::string f = t.file("V1__drop.sql", k_drop);
  RunResult r = run(check_cmd() + " " + q(f));
  CHECK(r.status == 1);
  CHECK(r.out.find(f + ":1:22: error[drop-column] dropping column `legacy` of `accounts`") != std::string::npos);
  CHECK(r.out.find(f + ":1:1: warning[missing-lock-timeout]") != std::string::npos);
  CHECK(r.out.find("= help: ") != std::string::npos);
  CHECK(r.out.find("= see: pgsafe explain-rule drop-column") != std::string::npos);
  CHECK(r.out.find("found: 1 error, 1 warning, 0 notes in 1 file checked") != std::string::npos);

  RunResult clean = run(check_cmd() + " " + q(t.file("V2__ok.sql", k_clean)));
  CHECK(clean.status == 0);
  CHECK(clean.out == "ok: 1 file checked, no problems found\n");
}

TEST_CASE("cli: JSON format has the documented shape", "[cli]") {
  TempDir t;
  std::string a = t.file("V1__drop.sql", k_drop);
  std::string b = t.file("V2__bad.sql", "SELEC 1;\nCREATE TABLE x (id int);\n");
  RunResult r = run(check_cmd() + " --format json " + q(a) + " " + q(b));
  CHECK(r.status == 1);
  json j = json::parse(r.out);  // throws (fails the test) on invalid JSON
  CHECK(j["version"] == 1);
  CHECK(j["tool"]["name"] == "pgsafe");
  CHECK(j["tool"]["version"].is_string());
  REQUIRE(j["files"].size() == 2);
  CHECK(j["files"][0]["path"] == a);
  CHECK(j["files"][0]["statements"] == 1);
  CHECK(j["files"][0]["syntax_errors"] == 0);
  CHECK(j["files"][1]["path"] == b);
  CHECK(j["files"][1]["statements"] == 2);
  CHECK(j["files"][1]["syntax_errors"] == 1);
  REQUIRE(j["diagnostics"].is_array());
  REQUIRE(j["diagnostics"].size() == 3);
  for (const json& d : j["diagnostics"]) {
    for (const char* key : {"rule", "severity", "path", "message", "help", "docs"}) {
      INFO(key);
      CHECK(d[key].is_string());
    }
    for (const char* key : {"line", "column", "end_line", "end_column"}) {
      INFO(key);
      CHECK(d[key].is_number_integer());
      CHECK(d[key].get<int>() >= 1);
    }
  }
  std::set<std::string> rules;
  for (const json& d : j["diagnostics"]) rules.insert(d["rule"].get<std::string>());
  CHECK(rules == std::set<std::string>{"drop-column", "missing-lock-timeout", "syntax-error"});
  const json* drop = nullptr;
  for (const json& d : j["diagnostics"]) {
    if (d["rule"] == "drop-column") drop = &d;
  }
  REQUIRE(drop != nullptr);
  CHECK((*drop)["severity"] == "error");
  CHECK((*drop)["path"] == a);
  CHECK((*drop)["line"] == 1);
  CHECK((*drop)["column"] == 22);
  CHECK((*drop)["end_line"] == 1);
  CHECK((*drop)["end_column"] == 40);
  CHECK(j["summary"]["errors"] == 2);
  CHECK(j["summary"]["warnings"] == 1);
  CHECK(j["summary"]["notes"] == 0);
  CHECK(j["summary"]["files"] == 2);
}

TEST_CASE("cli: relative paths stay relative", "[cli]") {
  RunResult r = run(check_cmd() + " --format json testdata/rules/drop-column/bad.sql");
  json j = json::parse(r.out);
  REQUIRE(j["files"].size() == 1);
  CHECK(j["files"][0]["path"] == "testdata/rules/drop-column/bad.sql");
}

TEST_CASE("cli: exit statuses", "[cli]") {
  TempDir t;
  std::string clean = q(t.file("clean.sql", k_clean));
  std::string bad = q(t.file("bad.sql", k_drop));
  std::string warn = q(t.file("warn.sql", k_warning_only));
  CHECK(run(check_cmd() + " " + clean).status == 0);
  CHECK(run(check_cmd() + " " + bad).status == 1);
  CHECK(run(check_cmd() + " " + warn).status == 1);  // default --fail-on warning
  CHECK(run(check_cmd() + " " + warn + " --fail-on error").status == 0);
  CHECK(run(check_cmd() + " " + bad + " --fail-on error").status == 1);
  CHECK(run(check_cmd() + " " + bad + " --fail-on never").status == 0);
  CHECK(run(check_cmd() + " " + warn + " --fail-on note").status == 1);
  // usage errors
  CHECK(run(check_cmd() + " " + clean + " --no-such-flag 2>/dev/null").status == 2);
  CHECK(run(check_cmd() + " " + clean + " --select no-such-rule 2>/dev/null").status == 2);
  CHECK(run(check_cmd() + " " + clean + " --ignore no-such-rule 2>/dev/null").status == 2);
  CHECK(run(check_cmd() + " " + clean + " --fail-on sometimes 2>/dev/null").status == 2);
  CHECK(run(check_cmd() + " " + clean + " --format xml 2>/dev/null").status == 2);
  CHECK(run(pgsafe_cmd() + " no-such-command 2>/dev/null").status == 2);
  // a usage error's message is one line on stderr, nothing on stdout
  RunResult err = run(check_cmd() + " " + clean + " --select no-such-rule 2>&1 >/dev/null");
  CHECK(err.out.find("no-such-rule") != std::string::npos);
  CHECK(std::count(err.out.begin(), err.out.end(), '\n') == 1);
  CHECK(run(check_cmd() + " " + clean + " --select no-such-rule 2>/dev/null").out.empty());
}

TEST_CASE("cli: --select and --ignore", "[cli]") {
  TempDir t;
  std::string bad = q(t.file("bad.sql", k_drop));
  RunResult only = run(check_cmd() + " " + bad + " --format json --select drop-column");
  json j = json::parse(only.out);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "drop-column");
  RunResult ignored = run(check_cmd() + " " + bad + " --format json --ignore drop-column");
  j = json::parse(ignored.out);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "missing-lock-timeout");
}

TEST_CASE("cli: stdin", "[cli]") {
  TempDir t;
  std::string f = t.file("in.sql", k_drop);
  RunResult r = run(check_cmd() + " - --format json < " + q(f));
  CHECK(r.status == 1);
  json j = json::parse(r.out);
  REQUIRE(j["files"].size() == 1);
  CHECK(j["files"][0]["path"] == "<stdin>");
  CHECK(j["diagnostics"].size() == 2);

  RunResult named = run(check_cmd() + " - --stdin-filename db/V7__drop.sql < " + q(f));
  CHECK(named.status == 1);
  CHECK(named.out.find("db/V7__drop.sql:1:22: error[drop-column]") != std::string::npos);
}

TEST_CASE("cli: a missing path is reported and the other files are still linted", "[cli]") {
  TempDir t;
  std::string a = t.file("V1__a.sql", k_drop);
  std::string b = t.file("V3__b.sql", k_clean);
  std::string missing = (t.path / "V2__missing.sql").string();
  std::string cmd = check_cmd() + " --format json " + q(a) + " " + q(missing) + " " + q(b);
  RunResult r = run(cmd + " 2>/dev/null");
  CHECK(r.status == 2);
  json j = json::parse(r.out);
  REQUIRE(j["files"].size() == 2);
  CHECK(j["files"][0]["path"] == a);
  CHECK(j["files"][1]["path"] == b);
  CHECK(j["diagnostics"].size() == 2);
  RunResult err = run(cmd + " 2>&1 >/dev/null");
  CHECK(std::count(err.out.begin(), err.out.end(), '\n') == 1);
  CHECK(err.out.find(missing) != std::string::npos);
}

TEST_CASE("cli: directories are searched recursively for .sql files in natural order", "[cli]") {
  TempDir t;
  (void)t.file("V10__ten.sql", k_clean);
  (void)t.file("V2__two.sql", k_clean);
  (void)t.file("V1__one.sql", k_clean);
  (void)t.file("notes.txt", "not sql");
  (void)t.file("20240105_b/migration.sql", k_clean);
  (void)t.file("20240101_a/migration.sql", k_clean);
  (void)t.file("sub/deeper/V3__three.sql", k_clean);
  RunResult r = run(check_cmd() + " --format json " + q(t.str()));
  CHECK(r.status == 0);
  json j = json::parse(r.out);
  std::vector<std::string> got;
  for (const json& f : j["files"]) got.push_back(f["path"].get<std::string>());
  const std::string d = t.str() + "/";
  std::vector<std::string> want{d + "20240101_a/migration.sql",
                                d + "20240105_b/migration.sql",
                                d + "V1__one.sql",
                                d + "V2__two.sql",
                                d + "V10__ten.sql",
                                d + "sub/deeper/V3__three.sql"};
  CHECK(got == want);
}

TEST_CASE("cli: --output writes the report to a file", "[cli]") {
  TempDir t;
  std::string f = t.file("bad.sql", k_drop);
  std::string out = (t.path / "report.json").string();
  RunResult r = run(check_cmd() + " " + q(f) + " --format json --output " + q(out));
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  REQUIRE(fs::exists(out));
  json j = json::parse(read_file(out));
  CHECK(j["diagnostics"].size() == 2);
  // same bytes as on stdout
  CHECK(read_file(out) == run(check_cmd() + " " + q(f) + " --format json").out);
}

TEST_CASE("cli: a finding on a very long line shows a window of the line, its caret under the finding", "[cli]") {
  // 300 statements on one line (about 9 KB): each finding shows 240
  // characters from 80 before it, with "..." where the line is cut, not the
  // whole line once per finding.
  TempDir t;
  std::string line;
  for (int i = 0; i < 300; ++i) line += "ALTER TABLE t DROP COLUMN c" + std::to_string(i) + "; ";
  std::string f = t.file("one-line.sql", line + "\n");
  RunResult r = run(check_cmd() + " " + q(f) + " --select drop-column");
  CHECK(r.status == 1);
  const size_t header = r.out.find("dropping column `c150`");
  REQUIRE(header != std::string::npos);
  // The header gives the true column; the snippet and caret lines follow.
  const size_t col_end = r.out.rfind(": error", header);
  const size_t col_begin = r.out.rfind(':', col_end - 1) + 1;
  const uint32_t column = std::stoul(r.out.substr(col_begin, col_end - col_begin));
  CHECK(column == line.find("DROP COLUMN c150;") + 1);
  const size_t snippet_at = r.out.find("\n1 | ", header) + 1;
  const size_t snippet_end = r.out.find('\n', snippet_at);
  const std::string snippet = r.out.substr(snippet_at, snippet_end - snippet_at);
  const std::string carets = r.out.substr(snippet_end + 1, r.out.find('\n', snippet_end + 1) - snippet_end - 1);
  CHECK(snippet.starts_with("1 | ..."));
  CHECK(snippet.ends_with("..."));
  CHECK(snippet.size() == 4 + 3 + 240 + 3);
  // The carets underline the subcommand.
  const size_t caret = carets.find('^');
  REQUIRE(caret != std::string::npos);
  CHECK(snippet.substr(caret, 17) == "DROP COLUMN c150;");
  CHECK(carets.substr(caret) == std::string(16, '^'));
  // A short line is shown whole, as before.
  std::string g = t.file("short.sql", "ALTER TABLE t DROP COLUMN c;\n");
  RunResult s = run(check_cmd() + " " + q(g) + " --select drop-column");
  CHECK(s.out.find("1 | ALTER TABLE t DROP COLUMN c;\n") != std::string::npos);
}

TEST_CASE("cli: --output writes through a FIFO and a symbolic link, and keeps a file's permissions", "[cli]") {
  // Only a regular file is replaced (atomically). Anything else, such as
  // /dev/null or a FIFO, is written to as it is: replacing /dev/null with a
  // file, as a rename over it does for root, breaks the whole machine.
  TempDir t;
  std::string f = t.file("bad.sql", k_drop);
  const std::string expected = run(check_cmd() + " " + q(f) + " --format json").out;
  REQUIRE(!expected.empty());

  const std::string fifo = (t.path / "report.fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string got = (t.path / "from-fifo.json").string();
  RunResult r = run("timeout 10 cat " + q(fifo) + " > " + q(got) + " & " + check_cmd() + " " + q(f) +
                    " --format json --output " + q(fifo) + " 2>&1; s=$?; wait; exit $s");
  CHECK(r.status == 1);
  CHECK(r.out.empty());  // no error message
  CHECK(fs::is_fifo(fifo));
  CHECK(read_file(got) == expected);

  // A symbolic link stays one; the file it points to gets the report.
  const std::string target = t.file("reports/target.json", "old\n");
  const std::string link = (t.path / "link.json").string();
  fs::create_symlink(target, link);
  r = run(check_cmd() + " " + q(f) + " --format json --output " + q(link));
  CHECK(r.status == 1);
  CHECK(fs::is_symlink(link));
  CHECK(read_file(target) == expected);

  // An existing file keeps its permissions.
  const std::string private_report = t.file("private.json", "old\n");
  fs::permissions(private_report, fs::perms::owner_read | fs::perms::owner_write);
  r = run(check_cmd() + " " + q(f) + " --format json --output " + q(private_report));
  CHECK(r.status == 1);
  CHECK(read_file(private_report) == expected);
  CHECK(fs::status(private_report).permissions() == (fs::perms::owner_read | fs::perms::owner_write));

  // A new file gets 0666 less the umask, as a shell's redirection would.
  const std::string fresh = (t.path / "fresh.json").string();
  r = run("umask 027; " + check_cmd() + " " + q(f) + " --format json --output " + q(fresh));
  CHECK(r.status == 1);
  CHECK(fs::status(fresh).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("cli: rules - explain-rule - --version - --help", "[cli]") {
  RunResult rules = run(pgsafe_cmd() + " rules");
  CHECK(rules.status == 0);
  for (const pgsafe::Rule* rule : pgsafe::all_rules()) {
    INFO(rule->info.id);
    CHECK(rules.out.find(std::string(rule->info.id)) != std::string::npos);
  }

  RunResult ex = run(pgsafe_cmd() + " explain-rule drop-column");
  CHECK(ex.status == 0);
  CHECK(ex.out.find("drop-column") != std::string::npos);
  CHECK(ex.out.find("## What it does") != std::string::npos);
  CHECK(ex.out.find("## Safe alternative") != std::string::npos);
  CHECK(ex.out.find("expand/contract") != std::string::npos);

  RunResult unknown = run(pgsafe_cmd() + " explain-rule no-such-rule 2>/dev/null");
  CHECK(unknown.status == 2);
  CHECK(unknown.out.empty());

  RunResult v = run(pgsafe_cmd() + " --version");
  CHECK(v.status == 0);
  CHECK(v.out.find(PGSAFE_VERSION) != std::string::npos);

  RunResult h = run(pgsafe_cmd() + " --help");
  CHECK(h.status == 0);
  for (const char* word : {"check", "rules", "explain-rule", "explain"}) CHECK(h.out.find(word) != std::string::npos);
  RunResult ch = run(check_cmd() + " --help");
  CHECK(ch.status == 0);
  for (const char* opt : {"--format", "--output", "--pg-version", "--assume-in-transaction", "--select", "--ignore",
                          "--fail-on", "--stdin-filename"}) {
    INFO(opt);
    CHECK(ch.out.find(opt) != std::string::npos);
  }
}

TEST_CASE("cli: colour only on a terminal and never with NO_COLOR", "[cli]") {
  TempDir t;
  std::string f = q(t.file("bad.sql", k_drop));
  const std::string esc = "\x1b[";
  // not a terminal (a pipe), NO_COLOR unset
  RunResult pipe = run("env -u NO_COLOR " + check_cmd() + " " + f);
  CHECK(pipe.status == 1);
  CHECK(pipe.out.find(esc) == std::string::npos);
  // a terminal (script(1) gives the command a pty), NO_COLOR set
  std::string inner = check_cmd() + " " + f;
  RunResult tty_no_color = run("script -qec \"env NO_COLOR=1 " + inner + "\" /dev/null");
  CHECK(tty_no_color.out.find("error[drop-column]") != std::string::npos);
  CHECK(tty_no_color.out.find(esc) == std::string::npos);
  // control: a terminal without NO_COLOR gets colour
  RunResult tty = run("script -qec \"env -u NO_COLOR " + inner + "\" /dev/null");
  CHECK(tty.out.find(esc) != std::string::npos);
  // --output to a file: never colour
  std::string out = (t.path / "report.txt").string();
  (void)run("script -qec \"env -u NO_COLOR " + inner + " --output " + q(out) + "\" /dev/null");
  CHECK(read_file(out).find(esc) == std::string::npos);
  CHECK(read_file(out).find("error[drop-column]") != std::string::npos);
}

TEST_CASE("cli: a coloured finding block - byte for byte", "[cli]") {
  // The text reporter appends its pieces itself; this pins what a terminal
  // gets: bold rule and message, the severity's colour on its name and on the
  // carets, blue gutter marks.
  TempDir t;
  std::string f = t.file("one.sql", "SET lock_timeout = '2s';\nALTER TABLE t\tDROP COLUMN a;\n");
  RunResult tty = run("script -qec \"env -u NO_COLOR " + check_cmd() + " " + q(f) + "\" /dev/null");
  CHECK(tty.status == 1);
  std::string out = tty.out;
  out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());  // the pty's line endings
  const std::string block =
      f +
      ":2:15: \x1b[1;31merror\x1b[0m\x1b[1m[drop-column]\x1b[0m \x1b[1mdropping column `a` of `t` "
      "breaks every deployed query that still reads or writes it\x1b[0m\n"
      "  \x1b[34m|\x1b[0m\n"
      "\x1b[34m2\x1b[0m \x1b[34m|\x1b[0m ALTER TABLE t DROP COLUMN a;\n"
      "  \x1b[34m|\x1b[0m               \x1b[1;31m^^^^^^^^^^^^^\x1b[0m\n";
  INFO(out);
  CHECK(out.find(block) != std::string::npos);
  CHECK(out.find("  \x1b[34m=\x1b[0m see: pgsafe explain-rule drop-column\n\n") != std::string::npos);
}

TEST_CASE("cli: columns count characters - not bytes", "[cli]") {
  TempDir t;
  // "é" and "ï" are two bytes each; "€" three.
  std::string f = t.file("utf8.sql",
                         "SET lock_timeout = '2s';\n"
                         "/* café € */ ALTER TABLE naïve DROP COLUMN x;\n");
  RunResult j = run(check_cmd() + " --format json " + q(f));
  json doc = json::parse(j.out);
  REQUIRE(doc["diagnostics"].size() == 1);
  const json& d = doc["diagnostics"][0];
  CHECK(d["line"] == 2);
  CHECK(d["column"] == 32);  // 31 characters (35 bytes) before DROP
  CHECK(d["end_column"] == 45);
  RunResult text = run(check_cmd() + " " + q(f));
  CHECK(text.out.find(f + ":2:32: error[drop-column]") != std::string::npos);
}

TEST_CASE("option --select takes one list and leaves the paths after it alone", "[cli]") {
  TempDir t;
  std::string a = q(t.file("V1.sql", k_drop));
  std::string b = q(t.file("V2.sql", k_clean));
  // --select takes one comma-separated list; it must not swallow the paths.
  RunResult r = run(check_cmd() + " --select drop-column " + a + " " + b + " --format json 2>&1");
  INFO(r.out);
  CHECK(r.status == 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["files"].size() == 2);
  CHECK(j["diagnostics"].size() == 1);
}

TEST_CASE("cli: IF NOT EXISTS and IF EXISTS do not move the finding", "[cli]") {
  TempDir t;
  std::string f = q(t.file("V1.sql",
                           "SET lock_timeout = '2s';\n"
                           "ALTER TABLE accounts DROP COLUMN IF EXISTS nickname;\n"
                           "ALTER TABLE orders ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();\n"
                           "ALTER TABLE orders ADD COLUMN IF NOT EXISTS tenant bigint NOT NULL;\n"));
  RunResult r = run(check_cmd() + " " + f + " --select drop-column,add-column-rewrite,not-null-without-backfill");
  INFO(r.out);
  CHECK(r.out.find(":2:22: error[drop-column]") != std::string::npos);
  CHECK(r.out.find(":3:20: error[add-column-rewrite]") != std::string::npos);
  CHECK(r.out.find(":4:20: error[not-null-without-backfill]") != std::string::npos);
}
