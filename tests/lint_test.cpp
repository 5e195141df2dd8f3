// lint() on a file of many parse chunks: Statements-scope rules check each
// chunk as it is analysed (and its trees are then freed), File-scope rules
// check the whole file afterwards. Every statement must be checked exactly
// once by both kinds, whatever the number of threads.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "pgsafe/lint.hpp"
#include "pgsafe/registry.hpp"

using namespace pgsafe;

namespace {

std::vector<const Diagnostic*> of_rule(const LintResult& r, std::string_view id) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.rule == id) out.push_back(&d);
  }
  return out;
}

}  // namespace

TEST_CASE("lint: each statement of a many-chunk file is checked once by both kinds of rule", "[lint]") {
  REQUIRE(find_rule("drop-index-non-concurrent")->scope == RuleScope::Statements);
  REQUIRE(find_rule("rename-column")->scope == RuleScope::File);
  const int n = 8000;
  std::string sql;
  std::vector<uint32_t> drops;    // where each DROP INDEX begins
  std::vector<uint32_t> renames;  // where each RENAME COLUMN begins
  for (int i = 0; i < n; ++i) {
    drops.push_back(static_cast<uint32_t>(sql.size()));
    sql += fmt::format("DROP INDEX orders_idx_{};\n", i);
    sql += fmt::format("ALTER TABLE orders ");
    renames.push_back(static_cast<uint32_t>(sql.size()));
    sql += fmt::format("RENAME COLUMN a{} TO b{};\n", i, i);
  }
  REQUIRE(sql.size() > 8 * k_chunk_bytes);  // surely many chunks

  for (unsigned jobs : {1U, 3U}) {
    INFO("--jobs " << jobs);
    LintOptions opts;
    opts.jobs = jobs;
    std::vector<SourceFile> in(1);
    in[0].path = "big.sql";
    in[0].text = sql;
    LintResult r = lint(std::move(in), opts);
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].statements == 2 * static_cast<size_t>(n));

    std::vector<const Diagnostic*> dropped = of_rule(r, "drop-index-non-concurrent");
    std::vector<const Diagnostic*> renamed = of_rule(r, "rename-column");
    REQUIRE(dropped.size() == drops.size());
    REQUIRE(renamed.size() == renames.size());
    for (size_t i = 0; i < drops.size(); ++i) {
      CHECK(dropped[i]->span.begin == drops[i]);
      CHECK(renamed[i]->span.begin == renames[i]);
    }
    // The parse trees are gone once lint() returns; the statements stay.
    for (const Statement& st : r.files[0].parsed->statements) CHECK_FALSE(st.node);
  }
}

TEST_CASE("lint: input files are read whole, whether or not their size is known up front", "[lint]") {
  // A regular file stops at the size fstat gives; a procfs file claims size
  // 0, gives a page or so a read, and is read until read() returns nothing.
  const std::string path = fmt::format("/tmp/pgsafe-read-test-{}.sql", ::getpid());
  std::string text;
  for (int i = 0; i < 20000; ++i) text += fmt::format("SELECT {};\n", i);
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
    std::fclose(f);
  }
  InputSet in = read_inputs({path, "/proc/self/smaps"}, "", 2);
  std::remove(path.c_str());
  REQUIRE(in.errors.empty());
  REQUIRE(in.sources.size() == 2);
  const SourceFile& smaps = in.sources[0].path == path ? in.sources[1] : in.sources[0];
  const SourceFile& sql = in.sources[0].path == path ? in.sources[0] : in.sources[1];
  CHECK(sql.text == text);
  // Every mapping of this process, so more than one read's worth, up to
  // its stack, mapped at the top of its address space and so listed late.
  CHECK(smaps.text.size() > 8192);
  CHECK(smaps.text.find("[stack]") != std::string::npos);
}
