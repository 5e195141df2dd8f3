// lint() on a file of many parse chunks: Statements-scope rules check each
// chunk as it is analysed (and its trees are then freed), File-scope rules
// check the whole file afterwards. Every statement must be checked exactly
// once by both kinds, whatever the number of threads.
#include <catch2/catch.hpp>

#include <sys/stat.h>
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

// lint() on one file.
LintResult lint_one(std::string path, std::string text, const LintOptions& opts = LintOptions{}) {
  std::vector<SourceFile> in(1);
  in[0].path = std::move(path);
  in[0].text = std::move(text);
  return lint(std::move(in), opts);
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
    LintResult r = lint_one("big.sql", sql, opts);
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

TEST_CASE("lint: paths named one by one expand alike on one thread and several", "[lint]") {
  // Past 64 paths, expand_paths looks them up on several threads: files,
  // a directory, duplicates, a missing file and "-" must come out the same.
  const std::string dir = fmt::format("/tmp/pgsafe-expand-test-{}", ::getpid());
  REQUIRE(::mkdir(dir.c_str(), 0755) == 0);
  REQUIRE(::mkdir((dir + "/sub").c_str(), 0755) == 0);
  std::vector<std::string> paths;
  for (int i = 0; i < 100; ++i) {
    std::string p = fmt::format("{}/{}.sql", dir, 100 - i);
    std::FILE* f = std::fopen(p.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fclose(f);
    paths.push_back(p);
  }
  for (const char* name : {"/sub/a.sql", "/sub/b.sql"}) {
    std::FILE* f = std::fopen((dir + name).c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fclose(f);
  }
  paths.push_back(dir + "/7.sql");
  paths.push_back(dir + "/sub");
  paths.push_back(dir + "/missing.sql");
  paths.push_back("-");
  std::vector<std::string> errors_one;
  std::vector<std::string> errors_many;
  const std::vector<std::string> one = expand_paths(paths, errors_one, 1);
  const std::vector<std::string> many = expand_paths(paths, errors_many, 4);
  for (const std::string& p : one) {
    if (p != "-") std::remove(p.c_str());
  }
  ::rmdir((dir + "/sub").c_str());
  ::rmdir(dir.c_str());
  CHECK(one == many);
  CHECK(errors_one == errors_many);
  REQUIRE(one.size() == 103);  // 100 files, 2 in the directory, "-"
  CHECK(one[0] == "-");
  CHECK(one[1] == dir + "/1.sql");
  CHECK(one[2] == dir + "/2.sql");
  CHECK(one[102] == dir + "/sub/b.sql");
  REQUIRE(errors_one.size() == 1);
  CHECK(errors_one[0] == dir + "/missing.sql: no such file or directory");
}

TEST_CASE("lint: each subcommand of a very long ALTER TABLE is pointed at, however far in", "[lint]") {
  // Past its first 256 tokens a statement is searched through an index of
  // its words rather than token by token: every DROP COLUMN must still be
  // found at its own subcommand, with or without IF EXISTS.
  const int n = 2000;
  std::string sql = "ALTER TABLE orders\n";
  std::vector<std::string> wanted;
  for (int i = 0; i < n; ++i) {
    std::string cmd =
        i % 3 == 0 ? fmt::format("DROP COLUMN IF EXISTS \"Col{}\"", i) : fmt::format("drop column c{}", i);
    sql += (i == 0 ? "  " : ",\n  ") + cmd;
    wanted.push_back(cmd);
  }
  sql += ";\n";
  LintOptions opts;
  opts.select = {"drop-column"};
  LintResult r = lint_one("wide.sql", sql, opts);
  std::vector<const Diagnostic*> found = of_rule(r, "drop-column");
  REQUIRE(found.size() == static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    INFO("subcommand " << i);
    CHECK(sql.substr(found[i]->span.begin, found[i]->span.end - found[i]->span.begin) == wanted[i]);
  }
}

TEST_CASE("lint: a statement on hundreds of relations has one effect each, merged", "[lint]") {
  // Past 32 relations a statement's effects are found through an index:
  // a relation named again must still merge into its first effect.
  std::string sql = "INSERT INTO t199 SELECT * FROM ";
  for (int i = 0; i < 200; ++i) sql += fmt::format("{}t{}", i == 0 ? "" : ", ", i);
  sql += ", t5;\nDROP TABLE ";
  for (int i = 0; i < 200; ++i) sql += fmt::format("{}d{}", i == 0 ? "" : ", ", i);
  sql += ";\n";
  LintResult r = lint_one("many.sql", sql);
  REQUIRE(r.analyses.size() == 1);
  REQUIRE(r.analyses[0].stmts.size() == 2);
  const StmtInfo& insert = r.analyses[0].stmts[0];
  REQUIRE(insert.effects.size() == 200);
  for (int i = 0; i < 200; ++i) {
    const Effect* e = insert.effect_on(fmt::format("t{}", i));
    REQUIRE(e != nullptr);
    // The target is written (and read): its stronger lock stays.
    CHECK(e->lock == (i == 199 ? LockMode::RowExclusive : LockMode::AccessShare));
  }
  const StmtInfo& drop = r.analyses[0].stmts[1];
  CHECK(drop.effects.size() == 200);
  for (const Effect& e : drop.effects) CHECK(e.lock == LockMode::AccessExclusive);
}

TEST_CASE("lint: a query of hundreds of CTEs reads the tables no CTE name hides", "[lint]") {
  // Tables w0..w399 exist; the query's CTEs are named w0, w2, w4, ..., and
  // each reads the previous CTE and table w(i+1). An unqualified name that a
  // CTE spells is the CTE; a qualified one, or one no CTE spells, is a table.
  std::string sql;
  for (int i = 0; i < 400; ++i) sql += fmt::format("CREATE TABLE w{} (id int);\n", i);
  sql += "WITH ";
  for (int i = 0; i < 400; i += 2) {
    sql += fmt::format("{}w{} AS (SELECT * FROM {} JOIN w{} ON true)", i == 0 ? "" : ", ", i,
                       i == 0 ? "public.w0" : fmt::format("w{}", i - 2), i + 1);
  }
  sql += " SELECT * FROM w398, public.w2;\n";
  LintResult r = lint_one("ctes.sql", sql);
  REQUIRE(r.analyses.size() == 1);
  REQUIRE(r.analyses[0].stmts.size() == 401);
  const StmtInfo& query = r.analyses[0].stmts[400];
  // The 200 odd tables, public.w0 and public.w2.
  CHECK(query.effects.size() == 202);
  for (int i = 0; i < 400; ++i) {
    INFO("w" << i);
    const Effect* e = query.effect_on(fmt::format("w{}", i));
    CHECK((e != nullptr) == (i % 2 == 1 || i == 0 || i == 2));
    if (e != nullptr) CHECK(e->lock == LockMode::AccessShare);
  }
}

TEST_CASE("lint: a DELETE locks each of hundreds of referencing tables once", "[lint]") {
  // The foreign keys' checks lock every table that references the deleted
  // one: each once, scanned unless an index leads with its key column, and
  // counted as new when the same file created it.
  std::string sql = "CREATE TABLE p (id int PRIMARY KEY);\n";
  std::string ddl;
  for (int i = 0; i < 300; ++i) {
    ddl += fmt::format("CREATE TABLE c{} (id int, p_id int REFERENCES p);\n", i);
    if (i % 3 == 0) ddl += fmt::format("CREATE INDEX c{}_p ON c{} (p_id);\n", i, i);
  }
  const std::string del = "DELETE FROM p WHERE id = 1;\n";
  std::vector<SourceFile> in(2);
  in[0].path = "1_schema.sql";
  in[0].text = sql + ddl;
  in[1].path = "2_delete.sql";
  in[1].text = "CREATE TABLE c300 (id int, p_id int REFERENCES p);\n" + del + del;
  LintResult r = lint(std::move(in), LintOptions{});
  REQUIRE(r.analyses.size() == 2);
  REQUIRE(r.analyses[1].stmts.size() == 3);
  for (size_t s = 1; s < 3; ++s) {
    const StmtInfo& st = r.analyses[1].stmts[s];
    REQUIRE(st.effects.size() == 302);
    CHECK(st.effects[0].relation == "p");
    CHECK(st.effects[0].lock == LockMode::RowExclusive);
    for (int i = 0; i <= 300; ++i) {
      INFO("c" << i);
      const Effect* e = st.effect_on(fmt::format("c{}", i));
      REQUIRE(e != nullptr);
      CHECK(e->lock == LockMode::RowShare);
      CHECK(e->scan == (i == 300 || i % 3 != 0));  // c300 has no index
      CHECK(e->existing == (i != 300));
    }
  }
}

TEST_CASE("lint: each of thousands of ignores applies to its own statement only", "[lint]") {
  // Every third DROP TABLE is ignored, every fifth names the wrong rule (an
  // unused ignore, and the DROP TABLE still reported), and a file-wide
  // ignore covers the lock_timeout findings of the whole file.
  std::string sql = "-- pgsafe-ignore-file missing-lock-timeout\n";
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    if (i % 5 == 0) {
      sql += "-- pgsafe-ignore drop-column: not this statement's rule\n";
    } else if (i % 3 == 0) {
      sql += "-- pgsafe-ignore drop-table: reviewed\n";
    }
    sql += fmt::format("DROP TABLE t{};\n", i);
  }
  LintOptions opts;
  opts.select = {"drop-table", "drop-column", "missing-lock-timeout", "unused-ignore"};
  LintResult r = lint_one("ignores.sql", sql, opts);
  CHECK(of_rule(r, "missing-lock-timeout").empty());
  std::vector<const Diagnostic*> dropped = of_rule(r, "drop-table");
  std::vector<const Diagnostic*> unused = of_rule(r, "unused-ignore");
  std::vector<int> expected;
  for (int i = 0; i < n; ++i) {
    if (i % 5 == 0 || i % 3 != 0) expected.push_back(i);
  }
  REQUIRE(dropped.size() == expected.size());
  for (size_t k = 0; k < expected.size(); ++k) {
    const Diagnostic& d = *dropped[k];
    const size_t line_end = sql.find('\n', d.span.begin);
    CHECK(sql.substr(d.span.begin, line_end - d.span.begin) == fmt::format("DROP TABLE t{};", expected[k]));
  }
  CHECK(unused.size() == static_cast<size_t>((n + 4) / 5));
}

TEST_CASE("catalog: a table's default partitions follow renames, replacements and drops", "[lint]") {
  // default_partitions() is kept beside children(), not read from them, so
  // every change to a partition or its parent must keep the two in step.
  Catalog cat;
  auto table = [&](const char* name, const char* parent, bool is_default, char kind = 'r') {
    auto t = std::make_shared<Table>();
    t->name = name;
    t->parent = parent;
    t->default_partition = is_default;
    t->kind = kind;
    cat.put(t);
  };
  using Names = std::vector<std::string>;
  table("m", "", false, 'p');
  table("m_def", "m", true);
  table("m1", "m", false);
  CHECK(cat.default_partitions("m") == Names{"m_def"});
  CHECK(cat.children("m") == Names{"m_def", "m1"});
  cat.rename_table("m", "m2");
  CHECK(cat.default_partitions("m").empty());
  CHECK(cat.default_partitions("m2") == Names{"m_def"});
  cat.rename_table("m_def", "m_default");
  CHECK(cat.default_partitions("m2") == Names{"m_default"});
  table("m_default", "m2", false);  // replaced by a table that is not a default partition
  CHECK(cat.default_partitions("m2").empty());
  table("d2", "m2", true);
  cat.drop_table("d2");
  CHECK(cat.default_partitions("m2").empty());
  table("d3", "m2", true);
  cat.drop_table("m2");  // its partitions go with it
  CHECK(cat.default_partitions("m2").empty());
  CHECK(cat.find("d3") == nullptr);
  CHECK(cat.find("m1") == nullptr);
  table("m2", "", false, 'p');
  CHECK(cat.children("m2").empty());
}

TEST_CASE("catalog: leading_indexed follows indexes created, replaced, renamed and dropped", "[lint]") {
  // The catalog counts, per table and leading column, the indexes that lead
  // with it; each change of an index or its table must keep the count exact.
  Catalog cat;
  auto table = [&](const char* name) {
    auto t = std::make_shared<Table>();
    t->name = name;
    cat.put(t);
  };
  auto index = [&](const char* name, const char* on, std::vector<std::string> columns) {
    Index i;
    i.name = name;
    i.table = on;
    i.columns = std::move(columns);
    cat.put_index(i);
  };
  table("t");
  index("i1", "t", {"a", "b"});
  CHECK(cat.leading_indexed("t", "a"));
  CHECK_FALSE(cat.leading_indexed("t", "b"));
  index("i2", "t", {"a"});
  cat.drop_index("i1");
  CHECK(cat.leading_indexed("t", "a"));  // i2 still leads with a
  cat.drop_index("i2");
  CHECK_FALSE(cat.leading_indexed("t", "a"));
  cat.drop_index("i2");  // twice: nothing more to count
  index("i3", "t", {"c"});
  index("i3", "t", {"d"});  // replaces i3
  CHECK_FALSE(cat.leading_indexed("t", "c"));
  CHECK(cat.leading_indexed("t", "d"));
  cat.rename_index("i3", "i4");
  CHECK(cat.leading_indexed("t", "d"));
  cat.drop_index("i3");
  CHECK(cat.leading_indexed("t", "d"));
  index("i5", "t", {"e"});
  cat.rename_index("i4", "i5");  // over i5: only the renamed index is left
  CHECK(cat.leading_indexed("t", "d"));
  CHECK_FALSE(cat.leading_indexed("t", "e"));
  cat.drop_index("i5");
  CHECK_FALSE(cat.leading_indexed("t", "d"));
  index("i6", "t", {"f"});
  cat.rename_table("t", "u");
  CHECK(cat.leading_indexed("u", "f"));
  CHECK_FALSE(cat.leading_indexed("t", "f"));
  cat.drop_table("u");
  CHECK_FALSE(cat.leading_indexed("u", "f"));
  table("w");
  table("v");
  index("i7", "w", {"x"});
  index("i7", "v", {"y"});  // the name now belongs to an index of v
  CHECK_FALSE(cat.leading_indexed("w", "x"));
  CHECK(cat.leading_indexed("v", "y"));
  cat.drop_table("w");
  CHECK(cat.leading_indexed("v", "y"));
}

TEST_CASE("lint: only the actions whose rules read it keep the table as it was", "[lint]") {
  // A kept table would make the table's next change copy it whole, so an
  // ADD COLUMN keeps none; a SET NOT NULL keeps what its rules read of the
  // table without the change.
  std::vector<SourceFile> in(1);
  in[0].path = "before.sql";
  in[0].text =
      "CREATE TABLE t (id int, b int, CONSTRAINT b_nn CHECK (b IS NOT NULL));\n"
      "ALTER TABLE t ADD COLUMN a int;\n"
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
      "ALTER TABLE t ALTER COLUMN b SET NOT NULL;\n";
  LintResult r = lint(std::move(in), LintOptions{});
  REQUIRE(r.analyses.size() == 1);
  REQUIRE(r.analyses[0].stmts.size() == 4);
  for (size_t i = 1; i < 4; ++i) REQUIRE(r.analyses[0].stmts[i].actions.size() == 1);
  const Action& add = r.analyses[0].stmts[1].actions[0];
  CHECK(add.kind == ActionKind::AddColumn);
  CHECK(add.before == nullptr);
  const Action& set = r.analyses[0].stmts[2].actions[0];
  CHECK(set.kind == ActionKind::SetNotNull);
  REQUIRE(set.before != nullptr);
  REQUIRE(set.before->column("a") != nullptr);
  CHECK_FALSE(set.before->column("a")->not_null);
  CHECK(r.catalog.table("t")->column("a")->not_null);
  // Reduced to the column it names: no copy of the others.
  CHECK(set.before->columns.size() == 1);
  CHECK(set.before->constraints.empty());
  // With the validated NOT NULL check on the column it names.
  const Action& set_b = r.analyses[0].stmts[3].actions[0];
  REQUIRE(set_b.before != nullptr);
  CHECK(set_b.before->columns.size() == 1);
  CHECK(set_b.before->has_validated_not_null_check("b"));
}
