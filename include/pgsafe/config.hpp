// pgsafe.toml: project configuration, read with toml++.
//
//   select = ["ALL"]                 # rules to run (replaces the defaults)
//   ignore = ["rename-table"]        # rules not to run
//   pg_version = 15
//   assume_in_transaction = true
//   fail_on = "error"                # error | warning | note | never
//   exclude = ["migrations/legacy/*"]  # path globs (fnmatch): not reported
//   [rules.missing-lock-timeout]
//   severity = "error"               # error | warning | note
//
// Found by walking up from the working directory, or given with --config.
// Command-line flags override every key.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pgsafe/diagnostic.hpp"

namespace pgsafe {

struct Config {
  std::string path;                 // the file it was read from
  std::filesystem::path directory;  // its directory: exclude globs are relative to it
  std::optional<std::vector<std::string>> select;
  std::optional<std::vector<std::string>> ignore;
  std::optional<int> pg_version;
  std::optional<bool> assume_in_transaction;
  std::optional<std::string> fail_on;
  std::vector<std::string> exclude;
  std::map<std::string, Severity, std::less<>> severity;
};

constexpr const char* k_config_file_name = "pgsafe.toml";

// The nearest pgsafe.toml in `start` or one of its parents.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// Reads and checks a config file. On failure returns nullopt and sets `error`
// to a one-line "path:line: message".
std::optional<Config> load_config(const std::string& path, std::string& error);

// Does an exclude glob match this path (as given, relative to the config's
// directory, or its file name)?
bool config_excludes(const Config& c, const std::string& path);

}  // namespace pgsafe
