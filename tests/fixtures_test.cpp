// Snapshot tests over testdata/.
//
// testdata/rules/<rule-id>/ holds, for every rule:
//   bad.sql            statements the rule must report
//   ok.sql             statements it must not report
//   bad.expected.txt   `pgsafe check --select <id>` text output, then "[exit N]"
//   bad.expected.json  the same in --format json
//   0-schema.sql       (optional) an earlier migration file, linted first
//   args               (optional) extra command-line arguments, one line
// testdata/cases/<name>/ holds multi-file and option cases: *.sql linted
// together as one migration set, `args`, and expected.txt.
//
// UPDATE_SNAPSHOTS=1 rewrites the expected files instead of comparing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "pgsafe/registry.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace pgsafe::test;

namespace {

void check_snapshot(const fs::path& expected, const RunResult& r) {
  std::string got = r.out + "[exit " + std::to_string(r.status) + "]\n";
  if (updating_snapshots()) {
    write_file(expected, got);
    return;
  }
  REQUIRE(fs::exists(expected));
  CHECK(got == read_file(expected));
}

std::vector<fs::path> dirs_in(const fs::path& root) {
  std::vector<fs::path> out;
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every rule has documentation and fixtures", "[fixtures]") {
  const fs::path root = fs::path(PGSAFE_SOURCE_DIR) / "testdata" / "rules";
  for (const pgsafe::Rule* r : pgsafe::all_rules()) {
    INFO("rule " << r->info.id);
    fs::path dir = root / std::string(r->info.id);
    CHECK(fs::exists(dir / "bad.sql"));
    CHECK(fs::exists(dir / "ok.sql"));
    CHECK(fs::exists(dir / "bad.expected.txt"));
    CHECK(fs::exists(dir / "bad.expected.json"));
  }
  for (const fs::path& dir : dirs_in(root)) {
    INFO("fixture directory " << dir.filename().string());
    CHECK(pgsafe::find_rule(dir.filename().string()) != nullptr);
  }
}

TEST_CASE("rule fixtures: bad cases report exactly the expected findings - ok cases none", "[fixtures]") {
  const fs::path root = fs::path(PGSAFE_SOURCE_DIR) / "testdata" / "rules";
  for (const fs::path& dir : dirs_in(root)) {
    std::string id = dir.filename().string();
    std::string rel = "testdata/rules/" + id + "/";
    std::string schema = fs::exists(dir / "0-schema.sql") ? " " + rel + "0-schema.sql" : "";
    // Paths come before the options: --select takes a list and would swallow
    // the paths that follow it.
    std::string base = pgsafe_cmd() + " check" + schema;
    std::string opts = " --select " + id + extra_args(dir);
    SECTION(id) {
      INFO("rule " << id);
      RunResult bad = run(base + " " + rel + "bad.sql" + opts);
      CHECK(bad.status == 1);
      check_snapshot(dir / "bad.expected.txt", bad);
      RunResult bad_json = run(base + " " + rel + "bad.sql --format json" + opts);
      check_snapshot(dir / "bad.expected.json", bad_json);
      // Every finding of a bad fixture is the rule's own (or a syntax error, which is always on).
      RunResult ok = run(base + " " + rel + "ok.sql --format json" + opts);
      INFO(ok.out);
      CHECK(ok.status == 0);
      CHECK(ok.out.find("\"diagnostics\": []") != std::string::npos);
    }
  }
}

TEST_CASE("case fixtures: options - transactions - multi-file replay", "[fixtures]") {
  const fs::path root = fs::path(PGSAFE_SOURCE_DIR) / "testdata" / "cases";
  for (const fs::path& dir : dirs_in(root)) {
    std::string name = dir.filename().string();
    SECTION(name) {
      RunResult r = run(pgsafe_cmd() + " check testdata/cases/" + name + extra_args(dir));
      check_snapshot(dir / "expected.txt", r);
    }
  }
}
