// `pgsafe check --fix` on every fixable rule's bad fixture: the fixed file
// parses, the rule's fixed findings are gone, and no other finding appears.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "pgsafe/registry.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace pgsafe::test;
using nlohmann::json;

namespace {

struct Pos {
  int line = 0;
  int col = 0;
  friend bool operator<(const Pos& a, const Pos& b) { return std::tie(a.line, a.col) < std::tie(b.line, b.col); }
  friend bool operator<=(const Pos& a, const Pos& b) { return !(b < a); }
  friend bool operator==(const Pos& a, const Pos& b) { return a.line == b.line && a.col == b.col; }
};

struct Edit {
  Pos begin;
  Pos end;
  std::string text;
};

struct Finding {
  std::string rule;
  Pos at;
  std::vector<Edit> fix;  // empty: no fix
};

// The findings in bad.sql, from `pgsafe check --format json`.
std::vector<Finding> lint(const fs::path& dir, const std::string& args, size_t* syntax_errors = nullptr) {
  RunResult r = run(pgsafe_cmd() + " check '" + dir.string() + "' --format json --fail-on never" + args);
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  std::vector<Finding> out;
  for (const json& f : j["files"]) {
    if (syntax_errors != nullptr) *syntax_errors += f["syntax_errors"].get<size_t>();
  }
  for (const json& d : j["diagnostics"]) {
    if (fs::path(d["path"].get<std::string>()).filename() != "bad.sql") continue;
    Finding f{d["rule"].get<std::string>(), {d["line"].get<int>(), d["column"].get<int>()}, {}};
    if (d.contains("fix")) {
      for (const json& e : d["fix"]["edits"]) {
        f.fix.push_back(Edit{{e["line"].get<int>(), e["column"].get<int>()},
                             {e["end_line"].get<int>(), e["end_column"].get<int>()},
                             e["replacement"].get<std::string>()});
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

// The fixes --fix applies: in report order, skipping any that overlaps one
// already taken (the same rule as apply_fixes in main.cpp).
std::vector<const Finding*> applied_fixes(const std::vector<Finding>& fs) {
  std::vector<const Finding*> out;
  std::vector<Edit> taken;
  for (const Finding& f : fs) {
    if (f.fix.empty()) continue;
    bool clash = false;
    for (const Edit& e : f.fix) {
      for (const Edit& o : taken) {
        bool e_empty = e.begin == e.end;
        bool o_empty = o.begin == o.end;
        if ((e.begin == o.begin && (e_empty || o_empty)) || (e.begin < o.end && o.begin < e.end)) clash = true;
      }
    }
    if (clash) continue;
    taken.insert(taken.end(), f.fix.begin(), f.fix.end());
    out.push_back(&f);
  }
  return out;
}

// Where a position of the original file is after the fixes (edits add lines;
// columns are only compared on lines the edits do not touch).
int moved_line(const Pos& p, const std::vector<const Finding*>& applied) {
  int line = p.line;
  for (const Finding* f : applied) {
    for (const Edit& e : f->fix) {
      if (e.end <= p) {
        for (char c : e.text) line += c == '\n' ? 1 : 0;
        line -= e.end.line - e.begin.line;
      }
    }
  }
  return line;
}

}  // namespace

TEST_CASE("fix: --fix removes every fixable finding of its rule without new findings", "[fix]") {
  const fs::path root = fs::path(PGSAFE_SOURCE_DIR) / "testdata" / "rules";
  const fs::path tmp_root = fs::temp_directory_path() / ("pgsafe-fix-test-" + std::to_string(::getpid()));
  size_t fixable_rules = 0;
  for (const pgsafe::Rule* r : pgsafe::all_rules()) {
    if (r->info.fix == pgsafe::FixAvailability::None) continue;
    ++fixable_rules;
    const std::string id(r->info.id);
    INFO("rule " << id);
    const fs::path src = root / id;
    const fs::path dir = tmp_root / id;
    fs::create_directories(dir);
    fs::copy_file(src / "bad.sql", dir / "bad.sql", fs::copy_options::overwrite_existing);
    if (fs::exists(src / "0-schema.sql")) {
      fs::copy_file(src / "0-schema.sql", dir / "0-schema.sql", fs::copy_options::overwrite_existing);
    }
    ::chmod((dir / "bad.sql").c_str(), 0640);
    const std::string args = extra_args(src);
    const std::string sel = " --select " + id;

    size_t errors_before = 0;
    std::vector<Finding> own_before = lint(dir, sel + args);
    std::vector<Finding> defaults_before = lint(dir, args, &errors_before);
    std::vector<const Finding*> applied = applied_fixes(own_before);
    CHECK(!applied.empty());  // the fixture exercises the fix

    RunResult fixed = run(pgsafe_cmd() + " check '" + dir.string() + "' --fix --fail-on never" + sel + args);
    CHECK(fixed.status == 0);
    // The file's mode is kept.
    struct stat st {};
    REQUIRE(::stat((dir / "bad.sql").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    INFO("fixed file:\n" << read_file(dir / "bad.sql"));

    // Everything still parses.
    size_t errors_after = 0;
    std::vector<Finding> defaults_after = lint(dir, args, &errors_after);
    CHECK(errors_after == errors_before);

    // The rule's findings that were fixed are gone: what is left had no fix
    // (or a fix overlapping another one, left for a later run).
    std::multiset<int> allowed;
    for (const Finding& f : own_before) {
      bool was_applied = false;
      for (const Finding* a : applied) was_applied = was_applied || a == &f;
      if (!was_applied) allowed.insert(moved_line(f.at, applied));
    }
    for (const Finding& f : lint(dir, sel + args)) {
      INFO("left: " << f.rule << " at line " << f.at.line);
      auto it = allowed.find(f.at.line);
      CHECK(it != allowed.end());
      if (it != allowed.end()) allowed.erase(it);
    }

    // No default rule reports anything it did not report before (findings may disappear).
    std::multiset<std::pair<std::string, int>> before;
    for (const Finding& f : defaults_before) before.insert({f.rule, moved_line(f.at, applied)});
    std::vector<const Finding*> unmatched;
    for (const Finding& f : defaults_after) {
      auto it = before.find({f.rule, f.at.line});
      if (it != before.end()) {
        before.erase(it);
      } else {
        unmatched.push_back(&f);
      }
    }
    for (const Finding* f : unmatched) {
      INFO("after the fix: " << f->rule << " at line " << f->at.line);
      // missing-lock-timeout reports a stretch of statements at its first
      // one: when the fix makes that one non-blocking, the same stretch is
      // reported at its next statement. That is the old finding, moved.
      bool moved = false;
      if (f->rule == "missing-lock-timeout") {
        for (auto it = before.begin(); it != before.end(); ++it) {
          if (it->first == f->rule && it->second < f->at.line) {
            before.erase(it);
            moved = true;
            break;
          }
        }
      }
      CHECK(moved);
    }
  }
  CHECK(fixable_rules >= 7);
  std::error_code ec;
  fs::remove_all(tmp_root, ec);
}

TEST_CASE("fix: --fix refuses standard input", "[fix]") {
  RunResult r = run("echo 'DROP INDEX i;' | " + pgsafe_cmd() + " check --fix - 2>&1");
  CHECK(r.status == 2);
  CHECK(r.out.find("standard input") != std::string::npos);
}

namespace {

// Runs `pgsafe check --fix --select <rules>` on `dir` (0001.sql, then
// 0002.sql = `input`) and returns the fixed 0002.sql.
std::string fix_in(const std::string& name, const std::string& rules, const std::string& schema,
                   const std::string& input) {
  fs::path dir = fs::temp_directory_path() / ("pgsafe-fix-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_file(dir / "0001.sql", schema);
  write_file(dir / "0002.sql", input);
  RunResult r =
      run(pgsafe_cmd() + " check '" + dir.string() + "' --fix --fail-on never --select " + rules + " 2>/dev/null");
  CHECK(r.status == 0);
  std::string out = read_file(dir / "0002.sql");
  // The fixed migration still parses.
  RunResult again = run(pgsafe_cmd() + " check '" + dir.string() + "' --select syntax-error");
  CHECK(again.status == 0);
  fs::remove_all(dir);
  return out;
}

const char* k_fix_schema = R"(CREATE TABLE "Sales"."Orders" (id bigint, amount int, cust bigint);
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE INDEX orders_cust_idx ON "Sales"."Orders" (cust);
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
)";

}  // namespace

TEST_CASE("fix: names as written - comments before the semicolon - only the safe cases", "[fix]") {
  // Not fixed: ONLY (VALIDATE would differ), no constraint name, WITH NO
  // DATA, CASCADE (not allowed with CONCURRENTLY), inside a transaction.
  std::string got = fix_in("edge",
                           "constraint-missing-not-valid,reindex-non-concurrent,refresh-matview-non-concurrent,"
                           "drop-index-non-concurrent",
                           k_fix_schema, R"(SET lock_timeout = '2s';
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT "Chk Amount" CHECK (amount > 0) -- why
;
ALTER TABLE ONLY "Sales"."Orders" ADD CONSTRAINT c2 CHECK (amount > 1);
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT c3 FOREIGN KEY (cust) REFERENCES customers (id) ON DELETE CASCADE DEFERRABLE;
ALTER TABLE "Sales"."Orders" ADD CHECK (amount > 2);
REINDEX (VERBOSE) INDEX orders_cust_idx;
REFRESH MATERIALIZED VIEW mv;
REFRESH MATERIALIZED VIEW mv WITH NO DATA;
DROP INDEX orders_cust_idx CASCADE;
BEGIN;
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT c4 CHECK (amount > 3);
COMMIT;
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT c5 CHECK (amount > 4) /* no semicolon */)");
  CHECK(got == R"(SET lock_timeout = '2s';
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT "Chk Amount" CHECK (amount > 0) NOT VALID -- why
;
ALTER TABLE "Sales"."Orders" VALIDATE CONSTRAINT "Chk Amount";
ALTER TABLE ONLY "Sales"."Orders" ADD CONSTRAINT c2 CHECK (amount > 1);
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT c3 FOREIGN KEY (cust) REFERENCES customers (id) ON DELETE CASCADE DEFERRABLE NOT VALID;
ALTER TABLE "Sales"."Orders" VALIDATE CONSTRAINT c3;
ALTER TABLE "Sales"."Orders" ADD CHECK (amount > 2);
REINDEX (VERBOSE) INDEX CONCURRENTLY orders_cust_idx;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv;
REFRESH MATERIALIZED VIEW mv WITH NO DATA;
DROP INDEX orders_cust_idx CASCADE;
BEGIN;
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT c4 CHECK (amount > 3);
COMMIT;
ALTER TABLE "Sales"."Orders" ADD CONSTRAINT c5 CHECK (amount > 4) NOT VALID;
ALTER TABLE "Sales"."Orders" VALIDATE CONSTRAINT c5; /* no semicolon */)");
}

TEST_CASE("fix: IF NOT EXISTS and IF EXISTS go where PostgreSQL accepts them", "[fix]") {
  // Not fixed: an unnamed index, CREATE SCHEMA with elements.
  std::string got =
      fix_in("exists", "prefer-if-exists", k_fix_schema, R"(CREATE UNIQUE INDEX CONCURRENTLY u1 ON customers (id);
CREATE INDEX ON customers (id);
CREATE TEMP TABLE t1 (id int);
CREATE UNLOGGED TABLE t2 AS SELECT 1;
CREATE SCHEMA s1 CREATE TABLE x (id int);
DROP MATERIALIZED VIEW mv;
DROP INDEX CONCURRENTLY u1;
DROP TABLE t1, t2 CASCADE;
DROP FUNCTION f(int);
ALTER TABLE customers ADD note text, DROP COLUMN "Old";
)");
  CHECK(got == R"(CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS u1 ON customers (id);
CREATE INDEX ON customers (id);
CREATE TEMP TABLE IF NOT EXISTS t1 (id int);
CREATE UNLOGGED TABLE IF NOT EXISTS t2 AS SELECT 1;
CREATE SCHEMA s1 CREATE TABLE x (id int);
DROP MATERIALIZED VIEW IF EXISTS mv;
DROP INDEX CONCURRENTLY IF EXISTS u1;
DROP TABLE IF EXISTS t1, t2 CASCADE;
DROP FUNCTION IF EXISTS f(int);
ALTER TABLE customers ADD IF NOT EXISTS note text, DROP COLUMN IF EXISTS "Old";
)");
}

TEST_CASE("fix: thousands of fixes on one line are all applied, each in its place", "[fix]") {
  // The fixed text is built front to back in one pass: every edit must land
  // at its own offset. Each statement also has a prefer-if-exists fix that
  // inserts at the same offset as the CONCURRENTLY: those clash (their
  // order would be arbitrary) and are left for the next run.
  std::string input;
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    input += "DROP INDEX i" + std::to_string(i) + "; ";
    expected += "DROP INDEX CONCURRENTLY i" + std::to_string(i) + "; ";
  }
  input += "\n";
  expected += "\n";
  const std::string out = fix_in("one-line", "drop-index-non-concurrent,prefer-if-exists", "", input);
  CHECK(out == expected);
}
