#include "pgsafe/migration_set.hpp"

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>

#include "pgsafe/source.hpp"

namespace pgsafe {
namespace {

namespace fs = std::filesystem;

// A directory as the filesystem calls are given it: "" is the working directory.
fs::path listable(const fs::path& dir) { return dir.empty() ? fs::path(".") : dir; }

bool named_with_digit(const fs::path& p) {
  const fs::path name = p.filename();
  return !name.empty() && name.native()[0] >= '0' && name.native()[0] <= '9';
}

// What the command line lints in a directory: regular files named *.sql.
bool is_sql_file(const fs::directory_entry& e) {
  const fs::path name = e.path().filename();
  std::error_code ec;
  return name.native().size() > 4 && name.native().ends_with(".sql") && e.is_regular_file(ec);
}

// Calls fn(entry) for the entries of `dir` until it returns true; true if it
// did. A directory that cannot be read (or stops being readable) ends the
// walk quietly, as the command line's listing of a directory does.
template <class Fn>
bool any_entry(const fs::path& dir, Fn&& fn) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (fn(*it)) return true;
  }
  return false;
}

bool has_sql_file(const fs::path& dir) { return any_entry(dir, is_sql_file); }

}  // namespace

// Ordered as the command line orders the paths it finds below the root.
std::string migration_place(const MigrationSet& set, const fs::path& file) {
  return file.lexically_relative(listable(set.root)).generic_string();
}

MigrationSet migration_set(const fs::path& file) {
  const fs::path dir = file.parent_path();
  if (named_with_digit(dir)) {
    const fs::path parent = dir.parent_path();
    const bool sibling = any_entry(listable(parent), [&](const fs::directory_entry& e) {
      std::error_code ec;
      return e.path().filename() != dir.filename() && named_with_digit(e.path()) && e.is_directory(ec) &&
             has_sql_file(e.path());
    });
    if (sibling) return {parent, true};
  }
  return {dir, false};
}

std::vector<fs::path> earlier_migrations(const MigrationSet& set, const fs::path& file) {
  const fs::path from = listable(set.root);
  const std::string place = migration_place(set, file);
  std::vector<std::pair<std::string, fs::path>> found;  // (place, spelled path)
  auto consider = [&](const fs::directory_entry& e) {
    if (!is_sql_file(e)) return;
    std::string other = e.path().lexically_relative(from).generic_string();
    if (!natural_less(other, place)) return;
    fs::path spelled = set.root / fs::path(other);
    found.emplace_back(std::move(other), std::move(spelled));
  };
  std::error_code ec;
  if (set.nested) {
    for (fs::recursive_directory_iterator it(from, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      consider(*it);
    }
  } else {
    any_entry(from, [&](const fs::directory_entry& e) {
      consider(e);
      return false;
    });
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return natural_less(a.first, b.first); });
  std::vector<fs::path> out;
  out.reserve(found.size());
  for (auto& [unused_place, p] : found) out.push_back(std::move(p));
  return out;
}

bool migrates_before(const fs::path& a, const fs::path& b) {
  const MigrationSet set = migration_set(a);
  return migration_set(b) == set && natural_less(migration_place(set, a), migration_place(set, b));
}

}  // namespace pgsafe
