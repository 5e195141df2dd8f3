// The rule registry: ids, documentation, and the generated rule reference.
#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <set>
#include <string>

#include "pgsafe/registry.hpp"
#include "test_util.hpp"

using namespace pgsafe;
using namespace pgsafe::test;

TEST_CASE("rule ids are unique - kebab-case and sorted", "[registry]") {
  std::set<std::string_view> seen;
  std::string_view prev;
  for (const Rule* r : all_rules()) {
    std::string_view id = r->info.id;
    INFO("rule " << id);
    CHECK(seen.insert(id).second);
    CHECK(prev < id);
    prev = id;
    REQUIRE(!id.empty());
    CHECK(std::islower(static_cast<unsigned char>(id.front())));
    CHECK(id.back() != '-');
    for (char c : id) CHECK((std::islower(static_cast<unsigned char>(c)) || c == '-'));
    CHECK(id.find("--") == std::string_view::npos);
    CHECK(find_rule(id) == r);
  }
  CHECK(find_rule("no-such-rule") == nullptr);
}

TEST_CASE("every rule documents what it does - why - the safe way and an example", "[registry]") {
  for (const Rule* r : all_rules()) {
    INFO("rule " << r->info.id);
    std::string_view doc = r->info.doc;
    size_t what = doc.find("## What it does\n");
    size_t why = doc.find("## Why is this bad?\n");
    size_t safe = doc.find("## Safe alternative\n");
    size_t example = doc.find("## Example\n");
    CHECK(what == 0);
    CHECK(why != std::string_view::npos);
    CHECK(safe != std::string_view::npos);
    CHECK(example != std::string_view::npos);
    CHECK((what < why && why < safe && safe < example));
    CHECK(doc.find("```sql", example) != std::string_view::npos);
    CHECK(!r->info.summary.empty());
    CHECK(!r->info.help.empty());
  }
}

TEST_CASE("docs/rules.md is what `pgsafe rules --format markdown` prints", "[registry]") {
  RunResult r = run(pgsafe_cmd() + " rules --format markdown");
  REQUIRE(r.status == 0);
  std::filesystem::path doc = std::filesystem::path(PGSAFE_SOURCE_DIR) / "docs" / "rules.md";
  if (updating_snapshots()) write_file(doc, r.out);
  INFO("regenerate with: pgsafe rules --format markdown > docs/rules.md");
  CHECK(read_file(doc) == r.out);
}
