// The pre-commit hook, run by the real `pre-commit`, and the GitHub Action's
// YAML: it parses, and the pgsafe command lines it runs use flags this test
// suite exercises.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "test_util.hpp"

namespace fs = std::filesystem;
using pgsafe::test::fresh_dir;
using pgsafe::test::read_file;
using pgsafe::test::run;
using pgsafe::test::write_file;

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("pre-commit: the hook blocks a dangerous migration and passes a safe one", "[precommit]") {
  fs::path tmp = fresh_dir("precommit");
  // pre-commit installs hooks from a git repository at a revision: a clone of
  // this repository's HEAD (so the committed .pre-commit-hooks.yaml is used).
  auto clone = run("git clone -q . '" + (tmp / "pgsafe-repo").string() + "' 2>/dev/null && git -C '" +
                   (tmp / "pgsafe-repo").string() + "' rev-parse HEAD");
  INFO(clone.out);
  REQUIRE(clone.status == 0);
  std::string sha = trim(clone.out);
  REQUIRE(sha.size() == 40);
  REQUIRE(fs::exists(tmp / "pgsafe-repo" / ".pre-commit-hooks.yaml"));

  fs::path project = tmp / "project";
  fs::create_directories(project / "migrations");
  write_file(project / ".pre-commit-config.yaml", "repos:\n  - repo: " + (tmp / "pgsafe-repo").string() +
                                                      "\n    rev: " + sha + "\n    hooks:\n      - id: pgsafe\n");
  write_file(project / "README.txt", "not SQL: the hook must not see it\n");
  std::string bin_dir = fs::path(PGSAFE_BINARY).parent_path().string();
  std::string env = "PATH='" + bin_dir + "':\"$PATH\" PRE_COMMIT_HOME='" + (tmp / "cache").string() + "' HOME='" +
                    tmp.string() + "' ";
  auto init = run("cd '" + project.string() + "' && git init -q && echo ok");
  REQUIRE(init.out == "ok\n");
  // Stages everything, then runs the hooks with `args`.
  auto stage_and_run = [&](const std::string& args) {
    return run("cd '" + project.string() + "' && git add -A && " + env + "pre-commit run " + args + " 2>&1");
  };

  SECTION("dangerous") {
    write_file(project / "migrations" / "V1__drop.sql",
               "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN email;\n");
    auto r = stage_and_run("--all-files");
    INFO(r.out);
    REQUIRE(r.status == 1);
    REQUIRE(r.out.find("Failed") != std::string::npos);
    REQUIRE(r.out.find("migrations/V1__drop.sql:2:19: error[drop-column]") != std::string::npos);
  }
  SECTION("a staged migration is linted after the committed ones before it") {
    // Alone, V2 changes a column of unknown type, assumed to rewrite the
    // table; after V1 it widens a varchar, which does not.
    write_file(project / "migrations" / "V1__create.sql", "CREATE TABLE users (id bigint, name varchar(20));\n");
    auto commit = run("cd '" + project.string() +
                      "' && git add -A && git -c user.name=t -c user.email=t@t commit -qm v1 && echo ok");
    REQUIRE(commit.out == "ok\n");
    write_file(project / "migrations" / "V2__widen.sql",
               "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN name TYPE varchar(50);\n");
    auto r = stage_and_run("");
    INFO(r.out);
    REQUIRE(r.status == 0);
    REQUIRE(r.out.find("Passed") != std::string::npos);
  }
  SECTION("safe") {
    write_file(project / "migrations" / "V1__add.sql",
               "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN note text;\n");
    auto r = stage_and_run("--all-files");
    INFO(r.out);
    REQUIRE(r.status == 0);
    REQUIRE(r.out.find("Passed") != std::string::npos);
  }
}

TEST_CASE("action.yml and the example workflow parse and run flags the tests exercise", "[precommit][action]") {
  // Every `pgsafe check ...` command line in the YAML files' run: scripts.
  auto r =
      run("python3 - <<'PY'\n"
          "import yaml, re\n"
          "def runs(node):\n"
          "    if isinstance(node, dict):\n"
          "        for k, v in node.items():\n"
          "            if k == 'run' and isinstance(v, str):\n"
          "                yield v\n"
          "            yield from runs(v)\n"
          "    elif isinstance(node, list):\n"
          "        for v in node:\n"
          "            yield from runs(v)\n"
          "action = yaml.safe_load(open('action.yml'))\n"
          "assert action['runs']['using'] == 'composite'\n"
          "uses = [s.get('uses', '') for s in action['runs']['steps']]\n"
          "assert any(u.startswith('github/codeql-action/upload-sarif@') for u in uses), uses\n"
          "workflow = yaml.safe_load(open('examples/github-workflow.yml'))\n"
          "hooks = yaml.safe_load(open('.pre-commit-hooks.yaml'))\n"
          "assert hooks[0]['id'] == 'pgsafe' and hooks[0]['language'] == 'system', hooks\n"
          "print('hook', hooks[0]['entry'])\n"
          "for doc in (action, workflow):\n"
          "    for script in runs(doc):\n"
          "        for line in script.splitlines():\n"
          "            line = line.split('#')[0] if line.lstrip().startswith('#') else line\n"
          "            m = re.search(r'pgsafe check .*', line)\n"
          "            if m: print('cmd', m.group(0))\n"
          "with open('examples/github-workflow.yml') as f:\n"
          "    for line in f:\n"
          "        m = re.search(r'#\\s*- run: (pgsafe check .*)', line)\n"
          "        if m: print('cmd', m.group(1))\n"
          "PY");
  INFO(r.out);
  REQUIRE(r.status == 0);
  REQUIRE(r.out.find("hook pgsafe check --replay-earlier\n") != std::string::npos);
  REQUIRE(r.out.find("cmd pgsafe check --format sarif --output pgsafe.sarif") != std::string::npos);
  REQUIRE(r.out.find("cmd pgsafe check --format github") != std::string::npos);

  // The flags (and --format values) they use must appear in the test sources.
  std::string tests;
  for (const auto& e : fs::directory_iterator(PGSAFE_SOURCE_DIR "/tests")) {
    if (e.path().extension() == ".cpp") tests += read_file(e.path());
  }
  std::regex flag_re(R"((--[a-z-]+)( (sarif|github|gcc|json|markdown|text))?)");
  std::istringstream ss(r.out);
  std::string line;
  size_t flags = 0;
  while (std::getline(ss, line)) {
    if (!line.starts_with("cmd ")) continue;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), flag_re); it != std::sregex_iterator(); ++it) {
      std::string used = (*it)[1].str();
      if ((*it)[3].matched) used.append(" ").append((*it)[3].str());
      INFO(used);
      REQUIRE(tests.find(used) != std::string::npos);
      ++flags;
    }
  }
  REQUIRE(flags >= 5);
}
