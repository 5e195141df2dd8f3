// Which migrations a file comes after: what the language server and
// `check --replay-earlier` replay before a file they are handed alone.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pgsafe {

// The migrations a file belongs with. Most tools keep a project's migrations
// side by side in one directory (Flyway, sqlx, dbmate, Drizzle, Supabase,
// golang-migrate): the set is that directory's .sql files. Others give each
// migration, or each schema version, a directory of its own named for its
// timestamp or number (Prisma's migrations/20240101120000_init/migration.sql,
// Diesel's and Hasura's .../up.sql, Synapse's delta/83/*.sql): there the set
// is every .sql file under the parent directory. Either way the set's order is
// the order `pgsafe check <root>` replays it in: natural order of the paths
// below the root. (Replayed after its own directory alone, a migration of the
// second kind knows little of the schema before it: of 2,053 such files in the
// corpus, 164 were reported otherwise than by a run over their parent.)
//
// A directory per migration is recognised when the file's directory and
// another one beside it have names that begin with a digit, and that other
// one holds a .sql file.
struct MigrationSet {
  std::filesystem::path root;  // the directory the set's files are under ("": the working directory)
  bool nested = false;         // one directory per migration: the files are found below root
  bool operator==(const MigrationSet&) const = default;
};

MigrationSet migration_set(const std::filesystem::path& file);

// The .sql files of `set` (migration_set(file)) that come before `file`, in
// the set's order, each spelled as the set's root (as `file` spells it)
// joined with its path below the root. Not `file` itself, nor anything after it.
std::vector<std::filesystem::path> earlier_migrations(const MigrationSet& set, const std::filesystem::path& file);

// `file`'s place in `set`: its path below the set's root. A set's files are
// in migration order when their places are in natural order (natural_less).
std::string migration_place(const MigrationSet& set, const std::filesystem::path& file);

// Whether `a` and `b` are in one set and `a` comes before `b` in it.
bool migrates_before(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace pgsafe
