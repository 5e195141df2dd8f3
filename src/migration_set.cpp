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

bool has_sql_file(const fs::path& dir) {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (is_sql_file(e)) return true;
  }
  return false;
}

}  // namespace

// Ordered as the command line orders the paths it finds below the root.
std::string migration_place(const MigrationSet& set, const fs::path& file) {
  return file.lexically_relative(listable(set.root)).generic_string();
}

MigrationSet migration_set(const fs::path& file) {
  const fs::path dir = file.parent_path();
  if (named_with_digit(dir)) {
    const fs::path parent = dir.parent_path();
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(listable(parent), ec)) {
      if (e.path().filename() != dir.filename() && named_with_digit(e.path()) && e.is_directory(ec) &&
          has_sql_file(e.path())) {
        return {parent, true};
      }
    }
  }
  return {dir, false};
}

std::vector<fs::path> earlier_migrations(const fs::path& file) {
  const MigrationSet set = migration_set(file);
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
    for (const fs::directory_entry& e : fs::directory_iterator(from, ec)) consider(e);
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
