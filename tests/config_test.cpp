// pgsafe.toml (found by walking up, or --config; flags win), --changed-since
// and --replay-earlier.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "pgsafe/config.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using pgsafe::test::fresh_dir;
using pgsafe::test::pgsafe_cmd;
using pgsafe::test::read_file;
using pgsafe::test::run;
using pgsafe::test::write_file;

namespace {

// Runs pgsafe in `dir`; stdout and stderr together.
pgsafe::test::RunResult pgsafe_in(const fs::path& dir, const std::string& args) {
  return run("cd '" + dir.string() + "' && " + pgsafe_cmd() + " " + args + " 2>&1");
}

// Whether `out` (gcc format) has a finding of `rule` at `where` (path:line:column).
bool has_finding(const std::string& out, const std::string& where, const std::string& rule) {
  for (size_t at = out.find(where + ": "); at != std::string::npos; at = out.find(where + ": ", at + 1)) {
    const size_t eol = out.find('\n', at);
    if (out.substr(at, eol - at).ends_with("[" + rule + "]")) return true;
  }
  return false;
}

constexpr const char* k_drop = "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN a;\n";

}  // namespace

TEST_CASE("config: pgsafe.toml is found by walking up from the working directory", "[config]") {
  fs::path root = fresh_dir("cfg-walk");
  fs::create_directories(root / "db" / "migrations");
  write_file(root / "db" / "migrations" / "V1__drop.sql", k_drop);
  auto before = pgsafe_in(root / "db" / "migrations", "check --format gcc .");
  REQUIRE(before.status == 1);
  REQUIRE(before.out.find("[drop-column]") != std::string::npos);
  write_file(root / "pgsafe.toml", "# project settings\nignore = [\"drop-column\"]\n");
  auto after = pgsafe_in(root / "db" / "migrations", "check --format gcc .");
  INFO(after.out);
  REQUIRE(after.status == 0);
  REQUIRE(after.out.empty());
}

TEST_CASE("config: every key - and flags override the file", "[config]") {
  fs::path root = fresh_dir("cfg-keys");
  write_file(root / "V1__drop.sql", k_drop);
  write_file(root / "V2__index.sql", "SET lock_timeout = '2s';\nCREATE INDEX users_b ON users (b);\n");
  write_file(root / "settings.toml",
             "select = [\"drop-column\", \"create-index-non-concurrent\"]\n"
             "ignore = []\n"
             "pg_version = 14\n"
             "assume_in_transaction = true\n"
             "fail_on = \"error\"\n"
             "exclude = [\"V2__*\"]\n"
             "[rules.drop-column]\n"
             "severity = \"warning\"\n");
  // drop-column is a warning now, fail_on = "error": exit 0; V2 is excluded.
  auto r = pgsafe_in(root, "check --config settings.toml --format gcc .");
  INFO(r.out);
  REQUIRE(r.status == 0);
  REQUIRE(r.out ==
          "V1__drop.sql:2:19: warning: dropping column `a` of `users` breaks every deployed query that "
          "still reads or writes it [drop-column]\n");
  // Flags win: --fail-on and --select replace the file's values.
  auto f =
      pgsafe_in(root, "check --config settings.toml --format gcc . --fail-on warning --select missing-lock-timeout");
  INFO(f.out);
  REQUIRE(f.status == 0);
  REQUIRE(f.out.empty());
  auto w = pgsafe_in(root, "check --config settings.toml --format gcc --fail-on warning .");
  REQUIRE(w.status == 1);
}

TEST_CASE("config: unknown keys - unknown rules and bad values exit 2 naming file and line", "[config]") {
  fs::path root = fresh_dir("cfg-bad");
  write_file(root / "V1.sql", k_drop);
  write_file(root / "pgsafe.toml", "pg_version = 15\n\nfail_in = \"error\"\n");
  auto a = pgsafe_in(root, "check V1.sql");
  REQUIRE(a.status == 2);
  REQUIRE(a.out.find("pgsafe.toml:3: unknown key `fail_in`") != std::string::npos);
  write_file(root / "pgsafe.toml", "[rules.drop-collumn]\nseverity = \"note\"\n");
  auto b = pgsafe_in(root, "check V1.sql");
  REQUIRE(b.status == 2);
  REQUIRE(b.out.find("pgsafe.toml:1: unknown rule `drop-collumn`") != std::string::npos);
  write_file(root / "pgsafe.toml", "ignore = [\"drop-column\", \"nope\"]\n");
  auto c = pgsafe_in(root, "check V1.sql");
  REQUIRE(c.status == 2);
  REQUIRE(c.out.find("pgsafe.toml:1: unknown rule `nope`") != std::string::npos);
  write_file(root / "pgsafe.toml", "[rules.drop-column]\nseverity = \"fatal\"\n");
  auto d = pgsafe_in(root, "check V1.sql");
  REQUIRE(d.status == 2);
  REQUIRE(d.out.find("pgsafe.toml:2: `severity` must be one of") != std::string::npos);
  write_file(root / "pgsafe.toml", "select = [\n");
  auto e = pgsafe_in(root, "check V1.sql");
  REQUIRE(e.status == 2);
  REQUIRE(e.out.find("pgsafe.toml:") != std::string::npos);
  auto m = pgsafe_in(root, "check --config missing.toml V1.sql");
  REQUIRE(m.status == 2);
  REQUIRE(m.out.find("missing.toml: cannot read the configuration file") != std::string::npos);
}

// toml++ 3.3.0 reaches __builtin_unreachable() when it asks whether some
// non-ASCII characters (U+00A1-U+0499 among them) are whitespace; pgsafe's
// guard keeps such text from it without changing what a valid file means.
TEST_CASE("config: non-ASCII text - kept where TOML allows it, refused where toml++ would misread it", "[config]") {
  fs::path root = fresh_dir("cfg-unicode");
  fs::path file = root / "pgsafe.toml";
  auto load = [&](const std::string& text, std::string& error) {
    write_file(file, text);
    error.clear();
    return pgsafe::load_config(file.string(), error);
  };
  std::string error;
  // The message of a file that must not load.
  auto refused = [&](const std::string& text) {
    std::string message;
    CHECK_FALSE(load(text, message));
    return message;
  };
  SECTION("valid files load with their strings unchanged") {
    // Comments, every kind of string, a line-ending backslash before a
    // two- and a four-byte character, `\\` before a line break (not a
    // line-ending backslash), a string closed with two extra quotes, and a
    // byte order mark.
    auto cfg = load(
        "\xEF\xBB\xBF# r\xC3\xA9glages \xC2\xA7\n"
        "exclude = [\"\xC3\xA9t\xC3\xA9.sql\", 'l\xC3\xA0\\\xC3\xA0.sql', \"\"\"\\\n   \xC3\xA9\xC3\xA9.sql\"\"\",\n"
        "  \"\"\"\\  \r\n\n \t\xF0\x9F\x98\x80.sql\"\"\", '''\xCE\x90\\\n\xCE\x90''', \"\"\"a\\\\\n\xC2\xA7\"\"\", "
        "\"\"\"q\"\"\"\"\"]  # \xCE\x90 [\xCE\x90]\n"
        "fail_on = \"error\" # \xC2\xA7\n",
        error);
    INFO(error);
    REQUIRE(cfg);
    REQUIRE(cfg->exclude == std::vector<std::string>{"\xC3\xA9t\xC3\xA9.sql", "l\xC3\xA0\\\xC3\xA0.sql",
                                                     "\xC3\xA9\xC3\xA9.sql", "\xF0\x9F\x98\x80.sql",
                                                     "\xCE\x90\\\n\xCE\x90", "a\\\n\xC2\xA7", "q\"\""});
  }
  SECTION("a non-ASCII character outside strings and comments is an error naming its line") {
    REQUIRE(refused("fail_on = \"error\"\n\n[\xCE\x90]\n") ==
            file.string() +
                ":3: a non-ASCII character outside a string or comment; TOML allows them only there "
                "(quote the key)");
    REQUIRE(refused("exclude = [\"a.sql\"\xC2\xA7]\n").find(":1: a non-ASCII character outside") != std::string::npos);
    REQUIRE(refused("exclude = [\"\"\"a\n\"\"\"\"\"\xC2\xA7]\n").find(":2: a non-ASCII character outside") !=
            std::string::npos);
  }
  SECTION("a backslash right before a non-ASCII character in a multi-line string is an error") {
    REQUIRE(refused("exclude = [\"\"\"\n\\\xC2\xA7\"\"\"]\n") ==
            file.string() +
                ":2: a backslash before a non-ASCII character in a string is no TOML escape (\\\\ is a backslash)");
    // Whitespace between: toml++'s own error (the backslash does not end the line).
    REQUIRE(refused("exclude = [\"\"\"\\  \xC2\xA7\"\"\"]\n").find(":1: ") != std::string::npos);
  }
  SECTION("quotes right after a value that is not a string: an error, whatever they hold") {
    // toml++ looks ahead over 15'''x''' as one value, past the quotes.
    REQUIRE(refused("pg_version = 15'''x\xC2\xA7'''\n").find(":1: ") != std::string::npos);
    REQUIRE(refused("pg_version = 15\"\xC2\xA7\"\n").find(":1: ") != std::string::npos);
  }
  SECTION("text that is not UTF-8 is an error naming its line") {
    REQUIRE(refused("# ok\nexclude = [\"\xC0\xA7\"]\n") ==
            file.string() + ":2: the file is not valid UTF-8, as TOML must be");
  }
}

TEST_CASE("option --changed-since: only new and modified files are reported - all are replayed", "[changed-since]") {
  fs::path root = fresh_dir("changed");
  fs::create_directories(root / "migrations");
  write_file(root / "migrations" / "V1__create.sql",
             "CREATE TABLE users (id bigint PRIMARY KEY, a text);\nALTER TABLE users DROP COLUMN a;\n");
  write_file(root / "migrations" / "V2__old.sql", "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN b text;\n");
  auto init = run("cd '" + root.string() +
                  "' && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm base && echo ok");
  REQUIRE(init.out == "ok\n");
  // V1 drops a column of a table it created itself: nothing to report there.
  // V2 changes and V3 is new and untracked; V3 uses `b`, which only the
  // replay of V2 knows about.
  write_file(
      root / "migrations" / "V2__old.sql",
      "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN b text;\nALTER TABLE users RENAME COLUMN b TO c;\n");
  write_file(root / "migrations" / "V3__new.sql", "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN c;\n");
  write_file(root / "migrations" / "V0__unchanged_bad.sql", "CREATE INDEX x ON users (id);\n");
  run("cd '" + root.string() +
      "' && git add migrations/V0__unchanged_bad.sql && git -c user.name=t -c user.email=t@t commit -qm v0");
  auto all = pgsafe_in(root, "check --format gcc migrations");
  REQUIRE(all.out.find("V0__unchanged_bad.sql") != std::string::npos);
  auto r = pgsafe_in(root, "check --format gcc --changed-since HEAD migrations");
  INFO(r.out);
  REQUIRE(r.status == 1);
  REQUIRE(r.out.find("V0__unchanged_bad.sql") == std::string::npos);  // committed at HEAD
  REQUIRE(r.out.find("migrations/V2__old.sql:3:") != std::string::npos);
  REQUIRE(r.out.find("migrations/V3__new.sql:2:") != std::string::npos);
  REQUIRE(r.out.find("V1__create.sql") == std::string::npos);
  // From a subdirectory, with the JSON listing only the reported files.
  auto sub = pgsafe_in(root / "migrations", "check --format json --changed-since HEAD .");
  REQUIRE(sub.out.find("\"V3__new.sql\"") != std::string::npos);
  REQUIRE(sub.out.find("V1__create.sql") == std::string::npos);
  // Since the first commit, V0 was added: reported too.
  auto since_base = pgsafe_in(root, "check --format gcc --changed-since HEAD~1 migrations");
  REQUIRE(since_base.out.find("migrations/V0__unchanged_bad.sql:1:") != std::string::npos);
  auto bad = pgsafe_in(root, "check --changed-since no-such-rev migrations");
  REQUIRE(bad.status == 2);
  REQUIRE(bad.out.find("--changed-since") != std::string::npos);
}

TEST_CASE("option --replay-earlier: the earlier migrations beside a named file are replayed, not reported",
          "[replay-earlier]") {
  fs::path root = fresh_dir("replay-earlier");
  const std::string widen = "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n";
  auto put = [](const fs::path& p, const std::string& body) {
    fs::create_directories(p.parent_path());
    write_file(p, body);
  };
  // 0001 creates the table; it also drops another one, a finding of its own
  // that must not be reported when it is only replayed.
  const std::string create = "CREATE TABLE orders (id bigint, code varchar(20));\nDROP TABLE legacy;\n";

  SECTION("flat: the files before it in its directory") {
    put(root / "flat" / "0001_create.sql", create);
    put(root / "flat" / "0002_widen.sql", widen);
    put(root / "flat" / "0003_later.sql", "DROP TABLE orders;\n");
    // Alone, the column's type is unknown: changing it is assumed to rewrite.
    auto alone = pgsafe_in(root, "check --format gcc flat/0002_widen.sql");
    INFO(alone.out);
    REQUIRE(alone.status == 1);
    REQUIRE(has_finding(alone.out, "flat/0002_widen.sql:2:20", "change-column-type"));
    // Replayed after 0001: widening a varchar does not rewrite.
    auto r = pgsafe_in(root, "check --format json --replay-earlier flat/0002_widen.sql");
    INFO(r.out);
    REQUIRE(r.status == 0);
    REQUIRE(r.out.find("\"diagnostics\": []") != std::string::npos);
    REQUIRE(r.out.find("0001_create.sql") == std::string::npos);  // replayed, not listed
    REQUIRE(r.out.find("0003_later.sql") == std::string::npos);
    // Standard input, placed by the name it is reported as (an editor's
    // unsaved buffer): the file on the disk is not replayed in its stead.
    put(root / "flat" / "0002_widen.sql", "ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer;\n");
    auto piped = run("cd '" + root.string() + "' && printf '%s' \"" + widen + "\" | " + pgsafe_cmd() +
                     " check --format json --replay-earlier --stdin-filename flat/0002_widen.sql - 2>&1");
    INFO(piped.out);
    REQUIRE(piped.status == 0);
    REQUIRE(piped.out.find("\"diagnostics\": []") != std::string::npos);
    REQUIRE(piped.out.find("\"path\": \"flat/0002_widen.sql\"") != std::string::npos);
    auto piped_alone = run("cd '" + root.string() + "' && printf '%s' \"" + widen + "\" | " + pgsafe_cmd() +
                           " check --format gcc --stdin-filename flat/0002_widen.sql - 2>&1");
    REQUIRE(has_finding(piped_alone.out, "flat/0002_widen.sql:2:20", "change-column-type"));
    put(root / "flat" / "0002_widen.sql", widen);
    // Two files of the set named: both reported, each after what comes before it.
    auto two = pgsafe_in(root, "check --format gcc --replay-earlier flat/0003_later.sql flat/0002_widen.sql");
    INFO(two.out);
    REQUIRE(has_finding(two.out, "flat/0003_later.sql:1:1", "drop-table"));
    REQUIRE(two.out.find("0002_widen.sql") == std::string::npos);
    REQUIRE(two.out.find("0001_create.sql") == std::string::npos);
    // From inside the directory, and with the earlier file named as well (then it is reported).
    auto inside = pgsafe_in(root / "flat", "check --format gcc --replay-earlier 0002_widen.sql");
    REQUIRE(inside.status == 0);
    auto both = pgsafe_in(root, "check --format gcc --replay-earlier flat/0002_widen.sql flat/0001_create.sql");
    INFO(both.out);
    REQUIRE(has_finding(both.out, "flat/0001_create.sql:2:1", "drop-table"));
    REQUIRE(both.out.find("0002_widen.sql") == std::string::npos);
  }
  SECTION("a directory per migration (Prisma): the directories before it") {
    put(root / "prisma" / "migrations" / "20240101000000_init" / "migration.sql", create);
    put(root / "prisma" / "migrations" / "20240102000000_widen" / "migration.sql", widen);
    put(root / "prisma" / "migrations" / "migration_lock.toml", "provider = \"postgresql\"\n");
    const std::string named = "prisma/migrations/20240102000000_widen/migration.sql";
    REQUIRE(pgsafe_in(root, "check --format gcc " + named).status == 1);
    auto r = pgsafe_in(root, "check --format gcc --replay-earlier " + named);
    INFO(r.out);
    REQUIRE(r.status == 0);
    REQUIRE(r.out.empty());
    // explain too: the widening neither rewrites nor scans, and only the named file is explained.
    auto alone = pgsafe_in(root, "explain --format json " + named);
    REQUIRE(alone.out.find("\"rewrite\": true") != std::string::npos);
    auto ex = pgsafe_in(root, "explain --format json --replay-earlier " + named);
    INFO(ex.out);
    REQUIRE(ex.status == 0);
    REQUIRE(ex.out.find("\"rewrite\": true") == std::string::npos);
    REQUIRE(ex.out.find("\"rewrite\": false") != std::string::npos);
    REQUIRE(ex.out.find("20240101000000_init") == std::string::npos);
  }
  SECTION("--fix leaves the replayed files alone") {
    // Both files have fixable findings (CONCURRENTLY, a lock_timeout).
    const std::string first = create + "DROP INDEX orders_old_idx;\n";
    const std::string second = "CREATE INDEX orders_code_idx ON orders (code);\n";
    put(root / "fix" / "0001_create.sql", first);
    put(root / "fix" / "0002_index.sql", second);
    auto r = pgsafe_in(root, "check --format gcc --fix --replay-earlier fix/0002_index.sql");
    INFO(r.out);
    CHECK(read_file(root / "fix" / "0001_create.sql") == first);
    CHECK(read_file(root / "fix" / "0002_index.sql") != second);
    // The report after the fixes (a second run) still leaves the replayed file out.
    CHECK(r.out.find("applied") != std::string::npos);
    CHECK(r.out.find("0001_create.sql") == std::string::npos);
    // Named, the first file is fixed.
    pgsafe_in(root, "check --format gcc --fix fix/0001_create.sql");
    CHECK(read_file(root / "fix" / "0001_create.sql") != first);
  }
  fs::remove_all(root);
}
