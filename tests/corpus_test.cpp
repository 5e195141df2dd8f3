// Lints the third-party migration corpus (../shared/corpus, see its
// SOURCES.md): every file is read, split and reported, the totals are pinned,
// and real migrations (everything but PostgreSQL's own regression tests) parse.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "pgsafe/parse.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace pgsafe::test;

namespace {

const std::string k_corpus = PGSAFE_SOURCE_DIR "/../shared/corpus";

// Measured with the PostgreSQL 15 splitter; they change only if the splitter does.
constexpr size_t k_files = 3749;
constexpr size_t k_statements = 61037;
constexpr size_t k_syntax_errors = 1109;
// pg-regress/ is PostgreSQL 17's regression suite: it is meant to contain
// errors and PG16-18 syntax. The real migrations must nearly all parse. The
// 50 measured: 44 PG18 named NOT NULL constraints (lemmy down.sql), 4 PG16
// unaliased FROM subqueries (lemmy), 2 psql :'variables' (registry-sqitch),
// 3 genuinely broken statements (ente x2, synapse: a missing semicolon).
constexpr size_t k_max_migration_syntax_errors = 50;

std::set<std::string> sql_files_on_disk() {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(k_corpus)) {
    if (e.is_regular_file() && e.path().extension() == ".sql") {
      out.insert(fs::relative(e.path(), k_corpus).generic_string());
    }
  }
  return out;
}

std::string fmt_cmd(unsigned jobs, const std::string& paths, const std::string& format = "json") {
  return "timeout 300 " + pgsafe_cmd() + " check --format " + format + " --jobs " + std::to_string(jobs) + " " + paths;
}

}  // namespace

TEST_CASE("corpus: every file is linted and the totals are pinned", "[corpus]") {
  INFO("corpus directory " << k_corpus);
  if (!fs::is_directory(k_corpus)) {
    FAIL("the corpus is missing: expected the third-party migrations in " << k_corpus);
  }
  std::set<std::string> on_disk = sql_files_on_disk();
  CHECK(on_disk.size() == k_files);

  // The whole directory in one run, as a user would: `pgsafe check corpus/`.
  RunResult r = run("timeout 300 " + pgsafe_cmd() + " check --format json '" + k_corpus + "'");
  INFO("exit status " << r.status << " (124: timed out)");
  REQUIRE((r.status == 0 || r.status == 1));
  nlohmann::json j = nlohmann::json::parse(r.out);

  std::set<std::string> reported;
  size_t statements = 0;
  size_t syntax_errors = 0;
  const std::string prefix = k_corpus + "/";
  for (const auto& f : j["files"]) {
    std::string path = f["path"].get<std::string>();
    REQUIRE(path.rfind(prefix, 0) == 0);
    reported.insert(path.substr(prefix.size()));
    statements += f["statements"].get<size_t>();
    syntax_errors += f["syntax_errors"].get<size_t>();
  }
  CHECK(reported == on_disk);
  CHECK(j["files"].size() == k_files);
  CHECK(j["summary"]["files"] == k_files);
  CHECK(statements == k_statements);
  CHECK(syntax_errors == k_syntax_errors);

  size_t migration_errors = 0;
  for (const auto& d : j["diagnostics"]) {
    if (d["rule"] != "syntax-error") continue;
    std::string path = d["path"].get<std::string>().substr(prefix.size());
    if (path.rfind("pg-regress/", 0) == 0) continue;
    ++migration_errors;
    std::cout << "corpus syntax error: " << path << ":" << d["line"] << ":" << d["column"] << ": "
              << d["message"].get<std::string>() << "\n";
  }
  size_t diag_syntax_errors = 0;
  for (const auto& d : j["diagnostics"]) diag_syntax_errors += d["rule"] == "syntax-error" ? 1 : 0;
  CHECK(diag_syntax_errors == syntax_errors);
  CHECK(migration_errors <= k_max_migration_syntax_errors);
}

TEST_CASE("corpus: --jobs 1 and --jobs 4 give byte-identical reports", "[corpus]") {
  if (!fs::is_directory(k_corpus)) FAIL("the corpus is missing: expected it in " << k_corpus);
  auto report = [](unsigned jobs, const std::string& what, const std::string& format = "json") {
    RunResult r = run(fmt_cmd(jobs, what, format));
    INFO("exit status " << r.status);
    REQUIRE((r.status == 0 || r.status == 1));
    return r.out;
  };
  // Many files: each is parsed and its rules run on some thread, and the
  // reporters format the findings in batches on several threads.
  for (std::string format : {"json", "text", "sarif"}) {
    INFO("--format " << format);
    std::string one = report(1, "'" + k_corpus + "'", format);
    CHECK(one.size() > 1000000);
    CHECK(one == report(4, "'" + k_corpus + "'", format));
  }

  // One large file of many parse chunks, some with syntax errors: the real
  // migrations, concatenated (pg-regress left out to keep the file plain).
  fs::path d = fresh_dir("jobs");
  std::string big;
  for (const std::string& rel : sql_files_on_disk()) {
    if (!rel.starts_with("pg-regress/")) big += read_file(fs::path(k_corpus) / rel) + "\n;\n";
  }
  REQUIRE(big.size() > 8 * pgsafe::k_chunk_bytes);  // surely many parse chunks
  write_file(d / "big.sql", big);
  std::string big_one = report(1, "'" + (d / "big.sql").string() + "'");
  CHECK(big_one.find("\"syntax-error\"") != std::string::npos);
  CHECK(big_one == report(4, "'" + (d / "big.sql").string() + "'"));
  fs::remove_all(d);
}
