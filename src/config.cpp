#include "pgsafe/config.hpp"

#include <fnmatch.h>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "pgsafe/registry.hpp"

namespace pgsafe {

namespace {

namespace fs = std::filesystem;

struct ConfigError {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const toml::node& at, const std::string& msg) {
  throw ConfigError{fmt::format("{}:{}: {}", path, at.source().begin.line, msg)};
}

// A list of strings; a single string is split on commas.
std::vector<std::string> string_list(const std::string& path, std::string_view key, const toml::node& n) {
  std::vector<std::string> out;
  auto push = [&](std::string_view s) {
    size_t pos = 0;
    while (pos <= s.size()) {
      size_t comma = s.find(',', pos);
      if (comma == std::string_view::npos) comma = s.size();
      std::string item(s.substr(pos, comma - pos));
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
      pos = comma + 1;
    }
  };
  if (const auto* s = n.as_string()) {
    push(s->get());
    return out;
  }
  const auto* arr = n.as_array();
  if (arr == nullptr) fail(path, n, fmt::format("`{}` must be an array of strings", key));
  for (const toml::node& e : *arr) {
    const auto* s = e.as_string();
    if (s == nullptr) fail(path, e, fmt::format("`{}` must be an array of strings", key));
    push(s->get());
  }
  return out;
}

void check_rule_ids(const std::string& path, const toml::node& n, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    if (id != "ALL" && find_rule(id) == nullptr)
      fail(path, n, fmt::format("unknown rule `{}` (see `pgsafe rules`)", id));
  }
}

Config parse(const std::string& path, const toml::table& root) {
  Config c;
  c.path = path;
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  c.directory = (ec ? fs::path(path) : abs).parent_path().lexically_normal();
  for (const auto& [k, v] : root) {
    std::string_view key = k.str();
    if (key == "select" || key == "ignore") {
      auto ids = string_list(path, key, v);
      check_rule_ids(path, v, ids);
      (key == "select" ? c.select : c.ignore) = std::move(ids);
    } else if (key == "pg_version") {
      auto i = v.value<int64_t>();
      if (!v.is_integer() || !i || *i < 9 || *i > 18) fail(path, v, "`pg_version` must be an integer from 9 to 18");
      c.pg_version = static_cast<int>(*i);
    } else if (key == "assume_in_transaction") {
      if (!v.is_boolean()) fail(path, v, "`assume_in_transaction` must be true or false");
      c.assume_in_transaction = *v.value<bool>();
    } else if (key == "fail_on") {
      auto s = v.value<std::string>();
      if (!v.is_string() || (*s != "error" && *s != "warning" && *s != "note" && *s != "never")) {
        fail(path, v, "`fail_on` must be one of \"error\", \"warning\", \"note\", \"never\"");
      }
      c.fail_on = *s;
    } else if (key == "exclude") {
      c.exclude = string_list(path, key, v);
    } else if (key == "rules") {
      const auto* rules = v.as_table();
      if (rules == nullptr) fail(path, v, "`rules` must be a table of `[rules.<id>]` tables");
      for (const auto& [rk, rv] : *rules) {
        std::string id(rk.str());
        if (find_rule(id) == nullptr) fail(path, rv, fmt::format("unknown rule `{}` (see `pgsafe rules`)", id));
        const auto* t = rv.as_table();
        if (t == nullptr) fail(path, rv, fmt::format("`rules.{}` must be a table", id));
        for (const auto& [sk, sv] : *t) {
          if (sk.str() != "severity") {
            fail(path, sv, fmt::format("unknown key `{}` in [rules.{}] (expected `severity`)", sk.str(), id));
          }
          auto s = sv.value<std::string>();
          std::optional<Severity> sev = s ? parse_severity(*s) : std::nullopt;
          if (!sv.is_string() || !sev) fail(path, sv, "`severity` must be one of \"error\", \"warning\", \"note\"");
          c.severity[id] = *sev;
        }
      }
    } else {
      fail(path, v,
           fmt::format("unknown key `{}` (expected select, ignore, pg_version, assume_in_transaction, fail_on, "
                       "exclude or [rules.<id>])",
                       key));
    }
  }
  return c;
}

bool glob_match(const std::string& pattern, const std::string& s) {
  return !s.empty() && fnmatch(pattern.c_str(), s.c_str(), 0) == 0;
}

}  // namespace

std::optional<fs::path> find_config(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return std::nullopt;
  dir = dir.lexically_normal();
  while (true) {
    fs::path candidate = dir / k_config_file_name;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

std::optional<Config> load_config(const std::string& path, std::string& error) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    error = fmt::format("{}: cannot read the configuration file", path);
    return std::nullopt;
  }
  try {
    toml::table root = toml::parse_file(path);
    return parse(path, root);
  } catch (const toml::parse_error& e) {
    error = fmt::format("{}:{}: {}", path, e.source().begin.line, e.description());
  } catch (const ConfigError& e) {
    error = e.message;
  }
  // Messages quote the offending input (toml++'s, or a key or rule id),
  // which may hold line breaks or other control characters: escape them to
  // keep the message one line.
  std::string one_line;
  for (char ch : error) {
    auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7f) {
      one_line += ch == '\n' ? std::string("\\n") : ch == '\t' ? std::string("\\t") : fmt::format("\\x{:02x}", u);
    } else {
      one_line += ch;
    }
  }
  error = std::move(one_line);
  return std::nullopt;
}

bool config_excludes(const Config& c, const std::string& path) {
  if (c.exclude.empty()) return false;
  std::string given = path;
  while (given.starts_with("./")) given.erase(0, 2);
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec).lexically_normal();
  std::string rel = ec ? std::string() : abs.lexically_relative(c.directory).generic_string();
  std::string name = fs::path(path).filename().string();
  for (const std::string& g : c.exclude) {
    if (glob_match(g, given) || glob_match(g, rel) || glob_match(g, name)) return true;
  }
  return false;
}

}  // namespace pgsafe
