// Hostile and broken input: every case has its exact expected behaviour (the
// message on stderr, the exit status) and a good file given alongside it that
// must still be linted and reported. Big and binary inputs are generated here
// into a temporary directory; none is committed.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace fs = std::filesystem;
using pgsafe::test::fresh_dir;
using pgsafe::test::pgsafe_cmd;
using pgsafe::test::read_file;
using pgsafe::test::run;
using pgsafe::test::write_file;

namespace {

struct Outcome {
  std::string out;  // stdout
  std::string err;  // stderr
  int status = -1;  // -1: killed by a signal (a crash)
};

// Runs a shell command in `dir`, stdout and stderr apart.
Outcome shell_in(const fs::path& dir, const std::string& cmd) {
  fs::path err = dir / ".stderr";
  auto r = run("cd '" + dir.string() + "' && " + cmd + " 2>'" + err.string() + "'");
  Outcome o{r.out, read_file(err), r.status};
  fs::remove(err);
  return o;
}

// Runs `pgsafe <args>` in `dir`, stdout and stderr apart.
Outcome pgsafe_in(const fs::path& dir, const std::string& args) { return shell_in(dir, pgsafe_cmd() + " " + args); }

constexpr const char* k_good = "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN a;\n";
constexpr const char* k_good_finding =
    "good.sql:2:19: error: dropping column `a` of `users` breaks every deployed query that still reads or writes "
    "it [drop-column]\n";

fs::path with_good(const std::string& name) {
  fs::path d = fresh_dir(name);
  write_file(d / "good.sql", k_good);
  return d;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Every line of a gcc-format report that names `file`.
std::vector<std::string> lines_of(const std::string& out, const std::string& file) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t eol = out.find('\n', pos);
    if (eol == std::string::npos) eol = out.size();
    std::string line = out.substr(pos, eol - pos);
    if (line.starts_with(file + ":")) lines.push_back(line);
    pos = eol + 1;
  }
  return lines;
}

// Random bytes from a fixed seed, so a failure reproduces.
std::string random_bytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(byte(gen));
  return s;
}

// Peak resident memory of a command, in KiB, from GNU time; -1 if unavailable.
long peak_rss_kib(const std::string& time_output) {
  auto at = time_output.rfind("PEAK_RSS_KIB=");
  if (at == std::string::npos) return -1;
  return std::stol(time_output.substr(at + 13));
}

}  // namespace

TEST_CASE("bad input: a missing path is an error - the other files are still linted", "[bad-input]") {
  fs::path d = with_good("missing");
  auto r = pgsafe_in(d, "check --format gcc missing.sql good.sql");
  CHECK(r.err == "pgsafe: error: missing.sql: no such file or directory\n");
  CHECK(r.out == k_good_finding);
  CHECK(r.status == 2);
}

TEST_CASE("bad input: a dangling symlink is named as one", "[bad-input]") {
  fs::path d = with_good("dangling");
  fs::create_symlink("nowhere.sql", d / "dangling.sql");
  auto r = pgsafe_in(d, "check --format gcc dangling.sql good.sql");
  CHECK(r.err == "pgsafe: error: dangling.sql: broken symbolic link (its target nowhere.sql does not exist)\n");
  CHECK(r.out == k_good_finding);
  CHECK(r.status == 2);
  // Inside a directory it is not a .sql file anyone can read: skipped quietly.
  fs::create_directories(d / "dir");
  fs::create_symlink("../nowhere.sql", d / "dir" / "V1__gone.sql");
  write_file(d / "dir" / "V2__good.sql", k_good);
  auto in_dir = pgsafe_in(d, "check --format gcc dir");
  CHECK(in_dir.err.empty());
  CHECK(in_dir.status == 1);
  CHECK(lines_of(in_dir.out, "dir/V2__good.sql").size() == 1);
}

TEST_CASE("bad input: a directory without .sql files is an error", "[bad-input]") {
  fs::path d = with_good("nosql");
  fs::create_directories(d / "empty" / "sub");
  write_file(d / "empty" / "README.md", "no SQL here\n");
  write_file(d / "empty" / "sub" / "notes.txt", "nor here\n");
  auto r = pgsafe_in(d, "check --format gcc empty good.sql");
  CHECK(r.err == "pgsafe: error: empty: directory contains no .sql files\n");
  CHECK(r.out == k_good_finding);
  CHECK(r.status == 2);
}

TEST_CASE("bad input: an empty file is clean", "[bad-input]") {
  fs::path d = with_good("empty");
  write_file(d / "empty.sql", "");
  auto r = pgsafe_in(d, "check --format gcc empty.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.out == k_good_finding);
  CHECK(r.status == 1);
  auto alone = pgsafe_in(d, "check empty.sql");
  CHECK(alone.err.empty());
  CHECK(alone.out == "ok: 1 file checked, no problems found\n");
  CHECK(alone.status == 0);
}

TEST_CASE("bad input: random binary bytes are syntax errors in every format - never a crash", "[bad-input]") {
  fs::path d = with_good("binary");
  write_file(d / "binary.sql", random_bytes(256 * 1024, 20261121));
  auto r = pgsafe_in(d, "check --format gcc binary.sql good.sql");
  INFO(r.err);
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  auto bad = lines_of(r.out, "binary.sql");
  CHECK(!bad.empty());
  for (const std::string& l : bad) {
    INFO(l);
    CHECK(l.ends_with("[syntax-error]"));
  }
  CHECK(lines_of(r.out, "good.sql") ==
        std::vector<std::string>{std::string(k_good_finding, std::strlen(k_good_finding) - 1)});
  for (const char* fmt : {"json", "sarif"}) {
    auto j = pgsafe_in(d, std::string("check --format ") + fmt + " binary.sql good.sql");
    INFO(fmt);
    CHECK(j.status == 1);
    CHECK(j.err.empty());
    CHECK(nlohmann::json::accept(j.out));  // valid JSON (invalid UTF-8 is replaced)
  }
  for (const char* fmt : {"text", "github", "markdown"}) {
    auto t = pgsafe_in(d, std::string("check --format ") + fmt + " binary.sql good.sql");
    INFO(fmt);
    CHECK(t.status == 1);
    CHECK(t.err.empty());
    CHECK(contains(t.out, "good.sql"));
  }
  auto e = pgsafe_in(d, "explain --format json binary.sql good.sql");
  CHECK(e.status == 0);
  CHECK(nlohmann::json::accept(e.out));
}

TEST_CASE("bad input: NUL bytes count as whitespace - positions after them stay right", "[bad-input]") {
  fs::path d = with_good("nul");
  write_file(d / "nul.sql", std::string("SET lock_timeout = '2s';\n\0\0ALTER TABLE users DROP COLUMN b;\0\n", 60));
  auto r = pgsafe_in(d, "check --format gcc nul.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  CHECK(lines_of(r.out, "nul.sql") ==
        std::vector<std::string>{"nul.sql:2:21: error: dropping column `b` of `users` breaks every deployed query that "
                                 "still reads or writes it [drop-column]"});
  CHECK(contains(r.out, k_good_finding));
}

TEST_CASE("bad input: invalid UTF-8 is named - columns of valid text stay right", "[bad-input]") {
  fs::path d = with_good("utf8");
  write_file(d / "latin1.sql",
             "SELECT 'caf\xe9';\n"  // Latin-1 é: not UTF-8
             "SET lock_timeout = '2s';\n"
             "/* \xc3\xa9t\xc3\xa9 */ ALTER TABLE \"caf\xc3\xa9\" DROP COLUMN a;\n");  // valid é
  auto r = pgsafe_in(d, "check --format gcc latin1.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  CHECK(lines_of(r.out, "latin1.sql") ==
        std::vector<std::string>{
            "latin1.sql:1:12: error: invalid byte sequence for encoding \"UTF8\": 0xe9 [syntax-error]",
            "latin1.sql:3:30: error: dropping column `a` of `caf\xc3\xa9` breaks every deployed query that still "
            "reads or writes it [drop-column]"});
  CHECK(contains(r.out, k_good_finding));
  auto j = pgsafe_in(d, "check --format json latin1.sql good.sql");
  CHECK(nlohmann::json::accept(j.out));
  // Stray continuation bytes and a truncated sequence count one column each.
  write_file(d / "stray.sql", "SET lock_timeout = '2s';\n/*\x80\x80\xe2\x82*/ ALTER TABLE users DROP COLUMN a;\n");
  auto s = pgsafe_in(d, "check --format gcc stray.sql");
  CHECK(s.err.empty());
  CHECK(s.status == 1);
  CHECK(s.out ==
        "stray.sql:2:28: error: dropping column `a` of `users` breaks every deployed query that still reads or "
        "writes it [drop-column]\n");
}

TEST_CASE("bad input: an unterminated string or dollar quote costs only its own statement", "[bad-input]") {
  fs::path d = with_good("unterminated");
  write_file(d / "quote.sql", std::string(k_good) + "SELECT 'abc;\nSELECT 1;\n");
  write_file(d / "dollar.sql", std::string(k_good) + "CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n");
  auto r = pgsafe_in(d, "check --format gcc quote.sql dollar.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  auto quote = lines_of(r.out, "quote.sql");
  REQUIRE(quote.size() == 2);
  CHECK(quote[0] ==
        "quote.sql:2:19: error: dropping column `a` of `users` breaks every deployed query that still reads or "
        "writes it [drop-column]");
  // The string runs to the end of the file, so its statement does too.
  CHECK(quote[1] == "quote.sql:3:8: error: unterminated quoted string at or near \"'abc; SELECT 1; \" [syntax-error]");
  auto dollar = lines_of(r.out, "dollar.sql");
  REQUIRE(dollar.size() == 2);
  CHECK(dollar[0].starts_with("dollar.sql:2:19: error: dropping column `a`"));
  CHECK(dollar[1].starts_with("dollar.sql:3:36: error: unterminated dollar-quoted string at or near \"$body$"));
  CHECK(dollar[1].ends_with("[syntax-error]"));
  CHECK(contains(r.out, k_good_finding));
}

TEST_CASE("bad input: 200000-deep parentheses are a syntax error - not a stack overflow", "[bad-input]") {
  fs::path d = with_good("deep");
  const size_t depth = 200000;
  write_file(d / "deep.sql", "SELECT " + std::string(depth, '(') + "1" + std::string(depth, ')') + ";\n" + k_good);
  auto r = pgsafe_in(d, "check --format gcc deep.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  auto lines = lines_of(r.out, "deep.sql");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with("deep.sql:1:"));
  CHECK(lines[0].ends_with(
      ": error: memory exhausted at or near \"(\" (the statement nests too deeply for the PostgreSQL parser) "
      "[syntax-error]"));
  CHECK(lines[1].starts_with("deep.sql:3:19: error: dropping column `a`"));
  CHECK(contains(r.out, k_good_finding));

  // Nesting the grammar accepts (3,000 levels of a+(...)) is analysed.
  std::string nest;
  for (int i = 0; i < 3000; ++i) nest += "a+(";
  nest += '1';
  nest.append(3000, ')');
  write_file(d / "nested.sql", std::string(k_good) + "ALTER TABLE users ADD CONSTRAINT c CHECK (" + nest + " > 0);\n");
  auto n = pgsafe_in(d, "check --select ALL --format gcc nested.sql");
  CHECK(n.err.empty());
  CHECK(n.status == 1);
  CHECK(!contains(n.out, "[syntax-error]"));
  CHECK(contains(n.out, "nested.sql:3:1:"));
}

TEST_CASE("bad input: a 5 MB single line is linted with exact columns", "[bad-input]") {
  fs::path d = with_good("longline");
  std::string line = "SET lock_timeout = '2s'; INSERT INTO t (id, name) VALUES ";
  for (int i = 0; line.size() < 5 * 1024 * 1024; ++i) {
    if (i > 0) line += ',';
    line += '(';
    line += std::to_string(i);
    line += ", 'name')";
  }
  line += "; ";
  const size_t column = line.size() + 1 + std::string_view("ALTER TABLE users ").size();
  line += "ALTER TABLE users DROP COLUMN a;";
  write_file(d / "long.sql", line + "\n");
  auto r = pgsafe_in(d, "check --format gcc long.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  CHECK(lines_of(r.out, "long.sql") ==
        std::vector<std::string>{"long.sql:1:" + std::to_string(column) +
                                 ": error: dropping column `a` of `users` breaks every deployed query that still "
                                 "reads or writes it [drop-column]"});
  CHECK(contains(r.out, k_good_finding));
}

namespace {
// ~50 MB of ordinary migration statements, a finding on the last line.
fs::path fifty_mb(const fs::path& d, size_t& lines) {
  std::string s = "SET lock_timeout = '2s';\n";
  lines = 1;
  for (int i = 0; s.size() < 50u * 1024 * 1024; ++i) {
    s += "ALTER TABLE users ADD COLUMN c" + std::to_string(i) + " integer;\n";
    ++lines;
  }
  s += "ALTER TABLE users DROP COLUMN a;\n";
  ++lines;
  write_file(d / "big.sql", s);
  return d / "big.sql";
}
}  // namespace

TEST_CASE("bad input: a 50 MB file is linted - positions right - memory bounded", "[bad-input][big]") {
  fs::path d = with_good("big");
  size_t lines = 0;
  fifty_mb(d, lines);
  // One run, measured by GNU time when it is there.
  const bool timed = fs::exists("/usr/bin/time");
  const std::string rss_file = (d / "rss.txt").string();
  auto r = shell_in(d, (timed ? "/usr/bin/time -f 'PEAK_RSS_KIB=%M' -o '" + rss_file + "' " : std::string()) +
                           pgsafe_cmd() + " check --format gcc big.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  CHECK(lines_of(r.out, "big.sql") ==
        std::vector<std::string>{"big.sql:" + std::to_string(lines) +
                                 ":19: error: dropping column `a` of `users` breaks every deployed query that still "
                                 "reads or writes it [drop-column]"});
  CHECK(contains(r.out, k_good_finding));
  // A ceiling that catches unbounded growth (measured: ~3 GB peak for this
  // 50 MB file; the target below, tracked by the [.known-bug] test, is 1 GB).
  if (timed) {
    long kib = peak_rss_kib(read_file(rss_file));
    REQUIRE(kib > 0);
    CHECK(kib < 4L * 1024 * 1024);
  }
  fs::remove_all(d);
}

TEST_CASE("bad input: a 50 MB file stays under 1 GB", "[.known-bug][bad-input][big]") {
  fs::path d = with_good("big-mem");
  size_t lines = 0;
  fifty_mb(d, lines);
  auto t = run("cd '" + d.string() + "' && /usr/bin/time -f 'PEAK_RSS_KIB=%M' " + pgsafe_cmd() +
               " check --format gcc big.sql 2>&1 >/dev/null");
  long kib = peak_rss_kib(t.out);
  REQUIRE(kib > 0);
  CHECK(kib < 1024L * 1024);
  fs::remove_all(d);
}

TEST_CASE("bad input: syntax newer than PostgreSQL 15 says so", "[bad-input]") {
  fs::path d = with_good("newer");
  write_file(d / "pg17.sql", "ALTER TABLE t ALTER COLUMN c SET EXPRESSION AS (a + 1);\n");
  auto r = pgsafe_in(d, "check --format gcc pg17.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  CHECK(lines_of(r.out, "pg17.sql") ==
        std::vector<std::string>{
            "pg17.sql:1:34: error: syntax error at or near \"EXPRESSION\" (this looks like PostgreSQL 17: ALTER "
            "COLUMN ... SET EXPRESSION syntax, newer than the PostgreSQL 15 grammar pgsafe parses with) "
            "[syntax-error]"});
  CHECK(contains(r.out, k_good_finding));
}

TEST_CASE("bad input: Flyway ${placeholders} do not stop the linting", "[bad-input]") {
  fs::path d = with_good("flyway");
  write_file(d / "V1__flyway.sql",
             "SET lock_timeout = '${lock_timeout}';\n"
             "ALTER TABLE ${schema}.users DROP COLUMN a;\n"
             "CREATE INDEX ${flyway:table}_idx ON ${schema}.orders (b);\n");
  auto r = pgsafe_in(d, "check --format gcc V1__flyway.sql good.sql");
  CHECK(r.err.empty());
  CHECK(r.status == 1);
  auto lines = lines_of(r.out, "V1__flyway.sql");
  INFO(r.out);
  CHECK(!contains(r.out, "[syntax-error]"));
  REQUIRE(lines.size() == 2);
  // A placeholder reads as an identifier of its own length: `${schema}` is `__schema_`.
  CHECK(lines[0] ==
        "V1__flyway.sql:2:29: error: dropping column `a` of `__schema_.users` breaks every deployed query that "
        "still reads or writes it [drop-column]");
  CHECK(lines[1].starts_with("V1__flyway.sql:3:1: "));
  CHECK(lines[1].ends_with("[create-index-non-concurrent]"));
  CHECK(contains(r.out, k_good_finding));
}

TEST_CASE("bad input: pgsafe never writes to a file it reads", "[bad-input][output]") {
  fs::path d = with_good("no-write");
  std::string before = read_file(d / "good.sql");
  struct stat st_before {};
  REQUIRE(::stat((d / "good.sql").c_str(), &st_before) == 0);
  for (const char* fmt : {"text", "json", "sarif", "gcc", "github", "markdown"}) {
    auto r = pgsafe_in(d, std::string("check --format ") + fmt + " good.sql");
    CHECK(r.status == 1);
  }
  CHECK(pgsafe_in(d, "explain good.sql").status == 0);
  // --output naming an input file is refused; the input is untouched.
  auto r = pgsafe_in(d, "check --format json --output good.sql good.sql");
  CHECK(r.err == "pgsafe: error: --output good.sql is one of the input files; pgsafe does not overwrite them\n");
  CHECK(r.status == 2);
  auto r2 = pgsafe_in(d, "check --format json --output ./good.sql .");
  CHECK(r2.err == "pgsafe: error: --output ./good.sql is one of the input files; pgsafe does not overwrite them\n");
  CHECK(r2.status == 2);
  CHECK(read_file(d / "good.sql") == before);
  struct stat st_after {};
  REQUIRE(::stat((d / "good.sql").c_str(), &st_after) == 0);
  CHECK(st_after.st_ino == st_before.st_ino);
  CHECK(st_after.st_mtim.tv_sec == st_before.st_mtim.tv_sec);
  CHECK(st_after.st_mtim.tv_nsec == st_before.st_mtim.tv_nsec);
}

TEST_CASE("bad input: --output is replaced atomically - a failed write leaves the old file", "[bad-input][output]") {
  fs::path d = with_good("atomic");
  write_file(d / "report.json", "old report\n");
  fs::create_hard_link(d / "report.json", d / "old-link.json");
  auto r = pgsafe_in(d, "check --format json --output report.json good.sql");
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(nlohmann::json::accept(read_file(d / "report.json")));
  // A new file renamed over the old name: the old inode keeps the old text.
  CHECK(read_file(d / "old-link.json") == "old report\n");

  // The temporary file's name (".pgsafe-<name>.XXXXXX") exceeds NAME_MAX
  // for a 250-byte name: creating it fails, and the old report survives.
  const std::string long_name = std::string(245, 'r') + ".json";
  write_file(d / long_name, "old report\n");
  auto fail = pgsafe_in(d, "check --format json --output " + long_name + " good.sql");
  CHECK(fail.status == 2);
  CHECK(fail.err.starts_with("pgsafe: error: " + long_name + ": cannot create a temporary file in "));
  CHECK(read_file(d / long_name) == "old report\n");
  for (const auto& e : fs::directory_iterator(d)) {
    INFO(e.path());
    CHECK(!e.path().filename().string().starts_with(".pgsafe-"));  // no temporary left behind
  }
}

TEST_CASE("bad input: crash inputs found by fuzzing stay fixed", "[bad-input][regressions]") {
  // testdata/regressions/<fuzz target>/<input>: SQL for fuzz_pipeline and
  // fuzz_suppress, pgsafe.toml text for fuzz_config.
  const fs::path dir = fs::path(PGSAFE_SOURCE_DIR) / "testdata" / "regressions";
  fs::path work = with_good("regressions");
  size_t replayed = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
    INFO(e.path());
    ++replayed;
    const std::string target = e.path().parent_path().filename().string();
    if (target == "fuzz_config") {
      auto r = pgsafe_in(work, "check --format gcc --config '" + e.path().string() + "' good.sql");
      CHECK((r.status == 1 || r.status == 2));
      if (r.status == 2) {
        // One line: "pgsafe: error: <path>:<line>: <message>".
        CHECK(r.err.starts_with("pgsafe: error: " + e.path().string() + ":"));
        CHECK(r.err.find('\n') == r.err.size() - 1);
      }
      continue;
    }
    for (const char* fmt : {"text", "json", "sarif", "gcc", "github", "markdown"}) {
      INFO(fmt);
      auto r = run(pgsafe_cmd() + " check --select ALL --format " + fmt + " - < '" + e.path().string() +
                   "' >/dev/null 2>&1");
      CHECK((r.status == 0 || r.status == 1));
    }
    auto x = run(pgsafe_cmd() + " explain --format json - < '" + e.path().string() + "' >/dev/null 2>&1");
    CHECK(x.status == 0);
  }
  CHECK(replayed > 0);
}
