// The compact storage behind the analysis and the diagnostics: what each
// piece promises (values that stay where they are, copies that are deep),
// checked directly and through lint() on a file large enough to fill many
// blocks.
#include <catch2/catch.hpp>

#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "pgsafe/analysis.hpp"
#include "pgsafe/diagnostic.hpp"
#include "pgsafe/lint.hpp"
#include "pgsafe/parse.hpp"
#include "pgsafe/rule.hpp"

using namespace pgsafe;

TEST_CASE("storage: the per-statement records keep their sizes", "[storage]") {
  // A large migration holds one of each per statement; their comments say
  // how the fields are packed, and a field added carelessly grows them.
  CHECK(sizeof(Statement) == 32);  // `base` in the padding at the end of `node`
  CHECK(sizeof(StmtInfo) == 64);
  CHECK(sizeof(Diagnostic) == 64);
  CHECK(sizeof(Action) == 80);  // the node index in the padding after the span
  // Setting a Statement's node leaves the base that shares its word alone.
  Statement st;
  st.base = 0xABCD1234;
  st.node = Node();
  CHECK(st.base == 0xABCD1234);
}

TEST_CASE("storage: Stored keeps each append contiguous and in place", "[storage]") {
  Stored<std::string> store;
  std::vector<std::span<const std::string>> spans;
  std::vector<std::vector<std::string>> expected;
  std::vector<std::string> items;
  // Sizes from 0 up past a whole block (32 KB of 32-byte strings is 1,024),
  // so appends start new blocks, fill them and overflow them.
  for (size_t i = 0; i < 3000; ++i) {
    const size_t n = i % 97 == 0 ? 1500 : i % 5;
    for (size_t k = 0; k < n; ++k) items.push_back(fmt::format("append {} item {} with a heap-sized tail", i, k));
    expected.push_back(items);
    spans.push_back(store.append(items));
    CHECK(items.empty());
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    REQUIRE(spans[i].size() == expected[i].size());
    for (size_t k = 0; k < spans[i].size(); ++k) CHECK(spans[i][k] == expected[i][k]);
  }
  // Moved, the store keeps its values where they were, and appends to the
  // moved store leave them there.
  Stored<std::string> moved = std::move(store);
  CHECK(spans[97][1499] == expected[97][1499]);
  std::vector<std::string> more(3000, "appended after the move, long enough to be on the heap");
  std::span<const std::string> after = moved.append(more);
  REQUIRE(after.size() == 3000);
  CHECK(after[2999] == "appended after the move, long enough to be on the heap");
  for (size_t i = 0; i < spans.size(); ++i) {
    for (size_t k = 0; k < spans[i].size(); ++k) CHECK(spans[i][k] == expected[i][k]);
  }
}

TEST_CASE("storage: NamePool keeps one copy of each name, in place", "[storage]") {
  NamePool pool;
  const std::string long_name = "a_relation_name_longer_than_inline_strings";
  std::string_view a = pool.intern(long_name);
  std::string_view b = pool.intern(std::string(long_name));
  CHECK(a == long_name);
  CHECK(a.data() == b.data());
  CHECK(pool.intern("t").data() == pool.intern("t").data());
  CHECK(pool.intern("").empty());
  std::vector<std::string_view> many;
  for (int i = 0; i < 5000; ++i)
    many.push_back(pool.intern(fmt::format("schema_{}.table_with_a_long_name_{}", i % 7, i)));
  NamePool moved = std::move(pool);
  CHECK(a == long_name);
  for (int i = 0; i < 5000; ++i) CHECK(many[i] == fmt::format("schema_{}.table_with_a_long_name_{}", i % 7, i));
  CHECK(moved.intern(long_name).data() == a.data());
}

TEST_CASE("storage: a diagnostic's fix is copied with it", "[storage]") {
  Diagnostic d;
  CHECK_FALSE(d.fix);
  d.fix = Fix{"title", {Edit{Span{1, 2}, "x"}}};
  REQUIRE(d.fix);
  Diagnostic copy = d;
  REQUIRE(copy.fix);
  copy.fix->title = "changed";
  copy.fix->edits.clear();
  CHECK(d.fix->title == "title");
  CHECK(d.fix->edits.size() == 1);
  copy = d;
  CHECK(copy.fix->title == "title");
  copy.fix = std::optional<Fix>{};
  CHECK_FALSE(copy.fix);
  copy.fix = std::optional<Fix>{Fix{"again", {}}};
  CHECK(copy.fix->title == "again");
  Diagnostic moved = std::move(d);
  CHECK(moved.fix->title == "title");
}

TEST_CASE("storage: every statement's actions and effects survive a large file", "[storage][analysis]") {
  // Thousands of statements fill many blocks of actions and effects; each
  // statement must still see exactly its own. The DROP TABLEs have one
  // effect per table dropped, the UPDATEs one action and one effect.
  std::string sql;
  const size_t n = 6000;
  for (size_t i = 0; i < n; ++i) {
    if (i % 500 == 499) {
      sql += "DROP TABLE";
      for (size_t k = 0; k < 40; ++k) sql += fmt::format("{} dropped_table_with_a_long_name_{}_{}", k ? "," : "", i, k);
      sql += ";\n";
    } else {
      sql += fmt::format("UPDATE updated_table_with_a_long_name_{} SET a = 1 WHERE id = {};\n", i % 13, i);
    }
  }
  std::vector<SourceFile> in(1);
  in[0].path = "large.sql";
  in[0].text = sql;
  LintResult r = lint(std::move(in), LintOptions{});
  REQUIRE(r.analyses.size() == 1);
  const std::vector<StmtInfo>& stmts = r.analyses[0].stmts;
  REQUIRE(stmts.size() == n);
  for (size_t i = 0; i < n; ++i) {
    const StmtInfo& st = stmts[i];
    if (i % 500 == 499) {
      REQUIRE(st.effects.size() == 40);
      for (size_t k = 0; k < 40; ++k) {
        CHECK(st.effects[k].relation == fmt::format("dropped_table_with_a_long_name_{}_{}", i, k));
      }
      REQUIRE(st.actions.size() == 40);
      CHECK(st.actions[39].kind == ActionKind::DropTable);
      CHECK(st.actions[39].table == fmt::format("dropped_table_with_a_long_name_{}_39", i));
    } else {
      const std::string table = fmt::format("updated_table_with_a_long_name_{}", i % 13);
      REQUIRE(st.effects.size() == 1);
      CHECK(st.effects[0].relation == table);
      REQUIRE(st.actions.size() == 1);
      CHECK(st.actions[0].kind == ActionKind::Update);
      CHECK(st.actions[0].table == table);
      REQUIRE(st.actions[0].columns.size() == 1);  // the UPDATE's target
      CHECK(st.actions[0].columns[0] == "a");
      // One copy of each name for the whole file.
      CHECK(st.actions[0].table.data() == st.effects[0].relation.data());
      // Actions are numbered in the file: the 40 of every 500th statement
      // come before. (A Statements-scope check reads the node by number.)
      CHECK(st.actions[0].node_index == i + 39 * ((i + 1) / 500));
    }
  }
}

TEST_CASE("storage: SharedText copies share one text, and compare by content", "[storage]") {
  SharedText empty;
  CHECK(empty.empty());
  CHECK(empty.view().empty());
  CHECK(SharedText(std::string()).empty());
  const std::string long_text(300, 'x');
  SharedText a(long_text);
  SharedText b = a;
  CHECK(b.view().data() == a.view().data());  // shared, not copied
  CHECK(b == long_text);
  SharedText c(long_text);
  CHECK(c.view().data() != a.view().data());
  CHECK(c == a);
  CHECK(SharedText("abc") < SharedText("abd"));
  CHECK(SharedText("abc") == "abc");
  CHECK(SharedText("abc").str() == "abc");
  {
    SharedText d = std::move(b);
    CHECK(b.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    CHECK(d == long_text);
  }
  a = SharedText("other");  // the last holder of the long text: it is freed
  CHECK(a == "other");
  CHECK(c == long_text);
  // Reports that share a message: the rule formats it once.
  std::vector<Diagnostic> out;
  RuleInfo info{};
  info.id = "example";
  DiagnosticSink sink(info, 0, out);
  SharedText msg("the same message for every report, long enough to be worth sharing");
  for (uint32_t i = 0; i < 3; ++i) sink.report(Span{i, i + 1}, msg);
  REQUIRE(out.size() == 3);
  CHECK(out[0].message.view().data() == out[2].message.view().data());
  CHECK(out[1].message == msg);
}

TEST_CASE("storage: sinks sharing a file's findings lose none and keep each rule's order", "[storage]") {
  // Two rules report into one vector from two threads, in batches; what a
  // rule sets on a finding right after reporting it (a fix) must arrive too.
  std::vector<Diagnostic> out;
  std::mutex lock;
  RuleInfo first{};
  first.id = "first";
  RuleInfo second{};
  second.id = "second";
  auto run = [&](const RuleInfo& info) {
    DiagnosticSink sink(info, 0, out, &lock);
    for (uint32_t i = 0; i < 1000; ++i) {
      Diagnostic& d = sink.report(Span{i, i + 1}, fmt::format("{} {}", info.id, i));
      if (i % 3 == 0) d.fix = Fix{fmt::format("fix {}", i), {}};
    }
  };
  std::thread a(run, std::cref(first));
  std::thread b(run, std::cref(second));
  a.join();
  b.join();
  REQUIRE(out.size() == 2000);
  uint32_t next_first = 0, next_second = 0;
  for (const Diagnostic& d : out) {
    uint32_t& next = d.rule == "first" ? next_first : next_second;
    CHECK(d.span.begin == next);
    CHECK(d.message == fmt::format("{} {}", d.rule, next));
    CHECK(static_cast<bool>(d.fix) == (next % 3 == 0));
    if (d.fix) CHECK(d.fix->title == fmt::format("fix {}", next));
    ++next;
  }
  CHECK(next_first == 1000);
  CHECK(next_second == 1000);
}
