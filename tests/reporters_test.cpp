// Output formats: SARIF checked with Microsoft's SARIF Multitool (GitHub's
// rules), gcc, GitHub workflow commands and Markdown.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "test_util.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using pgsafe::test::fresh_dir;
using pgsafe::test::pgsafe_cmd;
using pgsafe::test::read_file;
using pgsafe::test::run;
using pgsafe::test::write_file;

namespace {

// The validator flags a missing tool.driver.informationUri (SARIF2005). pgsafe
// derives that URI from $PGSAFE_REPOSITORY_URL or the https form of its
// checkout's `origin` remote; where neither gives one (no remote, or a local
// path) it leaves it out rather than invent one, and only then is SARIF2005
// tolerated. With a URL present the validation is strict.
void require_valid_sarif(const fs::path& file) {
  bool has_uri = read_file(file).find("\"informationUri\"") != std::string::npos;
  std::string env;
  if (!has_uri) {
    WARN("no repository URL known: the SARIF has no informationUri; the validator's SARIF2005 is tolerated");
    env = "PGSAFE_SARIF_ALLOW=SARIF2005 ";
  }
  auto r = run(env + "scripts/sarif-validate.sh '" + file.string() + "' 2>&1");
  INFO(r.out);
  REQUIRE(r.status == 0);
}

json sarif_of(const std::string& args, const fs::path& out) {
  auto r = run(pgsafe_cmd() + " check --format sarif --output '" + out.string() + "' " + args);
  REQUIRE((r.status == 0 || r.status == 1));
  return json::parse(read_file(out));
}

}  // namespace

TEST_CASE("sarif: a finding of every rule passes the SARIF validator with GitHub's rules", "[reporters][sarif]") {
  fs::path dir = fresh_dir("sarif-every");
  fs::path out = dir / "every_rule.sarif";
  json doc = sarif_of("testdata/reporters/every_rule.sql --select ALL", out);
  REQUIRE(doc["version"] == "2.1.0");
  REQUIRE(doc.contains("$schema"));
  const json& run0 = doc["runs"][0];
  REQUIRE(run0["columnKind"] == "unicodeCodePoints");
  REQUIRE(run0["tool"]["driver"]["name"] == "pgsafe");
  REQUIRE(run0["tool"]["driver"]["version"] == PGSAFE_VERSION);
  REQUIRE(run0["originalUriBaseIds"]["%SRCROOT%"]["uri"].get<std::string>().starts_with("file:///"));
  const json& rules = run0["tool"]["driver"]["rules"];
  auto listed = run(pgsafe_cmd() + " rules --format json");
  json all = json::parse(listed.out);
  std::set<std::string> every_rule;
  for (const json& r : all) every_rule.insert(r["id"].get<std::string>());
  std::set<std::string> in_sarif;
  for (const json& r : rules) {
    in_sarif.insert(r["id"].get<std::string>());
    REQUIRE(!r["shortDescription"]["text"].get<std::string>().empty());
    REQUIRE(!r["fullDescription"]["text"].get<std::string>().empty());
    REQUIRE(r["help"]["markdown"].get<std::string>().find("## Safe alternative") != std::string::npos);
    REQUIRE(r["defaultConfiguration"].contains("level"));
  }
  REQUIRE(in_sarif == every_rule);  // --select ALL: every rule is in the run
  std::set<std::string> reported;
  bool has_fix = false;
  for (const json& res : run0["results"]) {
    std::string id = res["ruleId"];
    reported.insert(id);
    REQUIRE(rules[res["ruleIndex"].get<size_t>()]["id"] == id);
    const json& loc = res["locations"][0]["physicalLocation"];
    REQUIRE(loc["artifactLocation"]["uri"] == "testdata/reporters/every_rule.sql");
    REQUIRE(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    REQUIRE(loc["region"]["startLine"].get<int>() >= 1);
    REQUIRE(loc["region"]["startColumn"].get<int>() >= 1);
    REQUIRE(loc["region"].contains("endLine"));
    REQUIRE(loc["region"].contains("endColumn"));
    REQUIRE(res["partialFingerprints"].size() == 1);
    if (res.contains("fixes")) {
      has_fix = true;
      const json& rep = res["fixes"][0]["artifactChanges"][0]["replacements"][0];
      REQUIRE(rep.contains("deletedRegion"));
      REQUIRE(rep.contains("insertedContent"));
    }
  }
  REQUIRE(reported == every_rule);  // a finding of every rule, the syntax error included
  REQUIRE(has_fix);
  require_valid_sarif(out);
}

TEST_CASE("sarif: a syntax error and a clean file pass the validator", "[reporters][sarif]") {
  fs::path dir = fresh_dir("sarif-small");
  json err = sarif_of("testdata/reporters/syntax_error.sql", dir / "syntax.sarif");
  REQUIRE(err["runs"][0]["results"].size() == 1);
  REQUIRE(err["runs"][0]["results"][0]["ruleId"] == "syntax-error");
  REQUIRE(err["runs"][0]["results"][0]["level"] == "error");
  require_valid_sarif(dir / "syntax.sarif");
  json clean = sarif_of("testdata/reporters/clean.sql", dir / "clean.sarif");
  REQUIRE(clean["runs"][0]["results"].empty());
  require_valid_sarif(dir / "clean.sarif");
}

TEST_CASE("sarif: an unreadable input is recorded as a failed invocation", "[reporters][sarif]") {
  fs::path dir = fresh_dir("sarif-missing");
  fs::path out = dir / "missing.sarif";
  auto r = run(pgsafe_cmd() + " check --format sarif --output '" + out.string() +
               "' testdata/reporters/clean.sql testdata/reporters/no-such-file.sql 2>/dev/null");
  CHECK(r.status == 2);
  json doc = json::parse(read_file(out));
  json inv = doc["runs"][0]["invocations"];
  REQUIRE(inv.size() == 1);
  CHECK(inv[0]["executionSuccessful"] == false);
  REQUIRE(inv[0]["toolExecutionNotifications"].size() == 1);
  CHECK(inv[0]["toolExecutionNotifications"][0]["level"] == "error");
  CHECK(inv[0]["toolExecutionNotifications"][0]["message"]["text"] ==
        "testdata/reporters/no-such-file.sql: no such file or directory.");
  require_valid_sarif(out);
}

TEST_CASE("sarif: the whole corpus passes the validator", "[reporters][sarif][corpus]") {
  fs::path dir = fresh_dir("sarif-corpus");
  fs::path out = dir / "corpus.sarif";
  // Relative paths, as a CI job in the repository would give them.
  auto r = run("cd ../shared && " + pgsafe_cmd() + " check --format sarif --output '" + out.string() + "' corpus");
  REQUIRE((r.status == 0 || r.status == 1));
  json doc = json::parse(read_file(out));
  REQUIRE(doc["runs"][0]["results"].size() > 100);
  require_valid_sarif(out);
}

TEST_CASE("sarif: artifact URIs of files sharing a directory - and of odd paths", "[reporters][sarif]") {
  // Each directory's URI prefix is worked out once and the other files'
  // names appended to it; every path spelling must still give the URI the
  // lexical path operations give it whole.
  fs::path dir = fresh_dir("sarif-uris");
  fs::create_directories(dir / "d ir" / "\u00e9");
  fs::create_directories(dir / "x");
  for (const char* f : {"d ir/\u00e9/a.sql", "d ir/\u00e9/b c.sql", "d ir/\u00e9/c%.sql", "d ir/\u00e9/..odd.sql",
                        "x/.h.sql", "x/y.sql", "x/z.sql", "top.sql"})
    write_file(dir / f, "ALTER TABLE t DROP COLUMN a;\n");
  const fs::path out = dir / "uris.sarif";
  auto r =
      run("cd '" + dir.string() + "' && " + pgsafe_cmd() + " check --format sarif --output '" + out.string() +
          "' 'd ir/\u00e9/a.sql' './d ir/\u00e9/b c.sql' 'd ir/\u00e9/c%.sql' 'd ir/\u00e9/..odd.sql' x/../x/.h.sql '" +
          (dir / "x" / "y.sql").string() + "' x/z.sql top.sql");
  REQUIRE(r.status == 1);
  json doc = json::parse(read_file(out));
  std::set<std::string> uris;
  for (const json& res : doc["runs"][0]["results"]) {
    const json& loc = res["locations"][0]["physicalLocation"]["artifactLocation"];
    CHECK(loc["uriBaseId"] == "%SRCROOT%");
    uris.insert(loc["uri"].get<std::string>());
  }
  CHECK(uris == std::set<std::string>{"d%20ir/%C3%A9/a.sql", "d%20ir/%C3%A9/b%20c.sql", "d%20ir/%C3%A9/c%25.sql",
                                      "d%20ir/%C3%A9/..odd.sql", "x/.h.sql", "x/y.sql", "x/z.sql", "top.sql"});
  require_valid_sarif(out);
}

TEST_CASE("sarif: fingerprints do not move with unrelated lines above", "[reporters][sarif]") {
  fs::path dir = fresh_dir("sarif-fp");
  std::string body =
      "ALTER TABLE users DROP COLUMN a;\n"
      "CREATE INDEX users_b ON users (b);\n"
      "ALTER TABLE users DROP COLUMN a;\n";
  write_file(dir / "m.sql", body);
  json before = sarif_of("'" + (dir / "m.sql").string() + "'", dir / "before.sarif");
  write_file(dir / "m.sql", "-- a comment\n\nSELECT 1;\n\n" + body);
  json after = sarif_of("'" + (dir / "m.sql").string() + "'", dir / "after.sarif");
  auto prints = [](const json& doc) {
    std::vector<std::string> v;
    for (const json& res : doc["runs"][0]["results"]) v.push_back(res["partialFingerprints"].begin().value());
    return v;
  };
  auto fb = prints(before);
  REQUIRE(fb.size() >= 3);
  REQUIRE(fb == prints(after));
  REQUIRE(std::set<std::string>(fb.begin(), fb.end()).size() == fb.size());  // repeated statements differ
  REQUIRE(before["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] !=
          after["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"]);
}

TEST_CASE("gcc: one finding per line as path:line:col: severity: message and the rule", "[reporters]") {
  auto r = run(pgsafe_cmd() + " check --format gcc testdata/reporters/every_rule.sql");
  REQUIRE(r.status == 1);
  std::regex line_re(R"(^testdata/reporters/every_rule\.sql:[0-9]+:[0-9]+: (error|warning|note): .+ \[[a-z-]+\]$)");
  std::istringstream ss(r.out);
  std::string line;
  size_t n = 0;
  while (std::getline(ss, line)) {
    INFO(line);
    REQUIRE(std::regex_match(line, line_re));
    ++n;
  }
  REQUIRE(n >= 20);
  REQUIRE(std::regex_search(r.out,
                            std::regex(R"(every_rule\.sql:9:22: error: dropping column `legacy_flag` of `accounts`)")));
  REQUIRE(r.out.find("[drop-column]\n") != std::string::npos);
}

TEST_CASE("github: workflow commands with escaped properties and data", "[reporters]") {
  fs::path dir = fresh_dir("github");
  write_file(dir / "V1__a,b:c.sql", "ALTER TABLE users DROP COLUMN a;\n");
  auto r = run("cd '" + dir.string() + "' && " + pgsafe_cmd() + " check --format github 'V1__a,b:c.sql'");
  REQUIRE(r.status == 1);
  REQUIRE(r.out.find("::error file=V1__a%2Cb%3Ac.sql,line=1,col=19") != std::string::npos);
  REQUIRE(r.out.find(",title=pgsafe drop-column::dropping column `a` of `users`") != std::string::npos);
  REQUIRE(r.out.find("%0Ahelp: ") != std::string::npos);  // newline escaped in the message
  REQUIRE(r.out.find("::warning file=V1__a%2Cb%3Ac.sql,line=1,col=1,endLine=1,endColumn=") != std::string::npos);
  std::istringstream ss(r.out);
  std::string line;
  while (std::getline(ss, line)) REQUIRE((line.starts_with("::error ") || line.starts_with("::warning ")));
}

TEST_CASE("markdown: summary - findings with help - lock table per file", "[reporters]") {
  auto r =
      run(pgsafe_cmd() + " check --format markdown testdata/reporters/every_rule.sql testdata/reporters/clean.sql");
  REQUIRE(r.status == 1);
  REQUIRE(r.out.find("| files checked | errors | warnings | notes |") != std::string::npos);
  REQUIRE(std::regex_search(r.out, std::regex(R"(\n\| 2 \| [1-9][0-9]* \| [1-9][0-9]* \| 0 \|\n)")));
  REQUIRE(r.out.find("`drop-column` at `testdata/reporters/every_rule.sql:9:22`") != std::string::npos);
  REQUIRE(r.out.find("  - help: Expand/contract") != std::string::npos);
  REQUIRE(r.out.find("#### `testdata/reporters/every_rule.sql`") != std::string::npos);
  REQUIRE(r.out.find("#### `testdata/reporters/clean.sql`") != std::string::npos);
  REQUIRE(r.out.find("| file | line | statement | relation | lock |") != std::string::npos);
  REQUIRE(r.out.find("ACCESS EXCLUSIVE") != std::string::npos);
}
