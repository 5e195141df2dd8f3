#include "pgsafe/config.hpp"

#include <fnmatch.h>

#include <cstdio>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "pgsafe/registry.hpp"
#include "pgsafe/source.hpp"

namespace pgsafe {

namespace {

namespace fs = std::filesystem;

// toml++ 3.3.0 (Debian bookworm's) classifies a code point as whitespace with
// a generated table that reaches __builtin_unreachable() for U+00A1-U+0499,
// U+2C5E-U+3057 (but U+3000) and U+FB26-U+FEFE: undefined behaviour on input
// as plain as `[é]` (fixed upstream after 3.3.0). It asks that question of
// characters outside strings and comments, of the character after a
// backslash in a string, and, looking ahead over a value that is not a
// string, of everything up to the next space or separator, quotes included.
// So toml++ is given text whose only non-ASCII characters are in comments:
//   - text that is not UTF-8 is an error (TOML files must be);
//   - a non-ASCII character outside strings and comments is an error (TOML
//     1.0 allows none there, so no valid file is refused), and so is one
//     right after a backslash in a "string" (TOML has no such escape);
//   - in a "string", each non-ASCII character becomes its \u or \U escape;
//     a 'literal string' holding one becomes the "string" with the same
//     value (its backslashes and quotes escaped).
// Every string keeps its value, so a valid file means what it meant.
// Returns the line of the first error, or 0 with `text` made safe.
size_t guard_toml_text(std::string& text, std::string& message) {
  const size_t n = text.size();
  auto line_at = [&](size_t end) {
    return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
  };
  if (size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    message = "the file is not valid UTF-8, as TOML must be";
    return line_at(bad);
  }
  auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
  std::string out;
  out.reserve(n);
  // Appends the escape of the (valid) UTF-8 sequence at `i`; returns its length.
  auto escape = [&](size_t i) -> size_t {
    size_t len = byte(i) >= 0xF0 ? 4 : byte(i) >= 0xE0 ? 3 : 2;
    uint32_t cp = byte(i) & (0x7Fu >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte(i + k) & 0x3Fu);
    out += cp <= 0xFFFF ? fmt::format("\\u{:04X}", cp) : fmt::format("\\U{:08X}", cp);
    return len;
  };
  auto run_of = [&](size_t at, char q) {
    size_t end = at;
    while (end < n && text[end] == q) ++end;
    return end - at;
  };
  enum class In { top, comment, basic, ml_basic };
  In in = In::top;
  size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // toml++ skips a byte order mark
  out.append(text, 0, i);
  while (i < n) {
    char c = text[i];
    bool wide = byte(i) >= 0x80;
    switch (in) {
      case In::top:
        if (wide) {
          message = "a non-ASCII character outside a string or comment; TOML allows them only there (quote the key)";
          return line_at(i);
        }
        if (c == '#') in = In::comment;
        if (c == '"') {
          size_t open = run_of(i, '"') >= 3 ? 3 : 1;
          in = open == 3 ? In::ml_basic : In::basic;
          out.append(text, i, open);
          i += open;
          continue;
        }
        if (c == '\'') {
          // A literal string: copied, or written as a basic string when it
          // holds a non-ASCII character. Unterminated, it stays so.
          bool ml = run_of(i, '\'') >= 3;
          size_t open = ml ? 3 : 1;
          size_t body = i + open;
          size_t close = ml ? text.find("'''", body) : text.find_first_of("'\n", body);
          size_t end = close == std::string::npos ? n : close;  // end of the value
          size_t after = end;                                   // end of the closing quotes
          if (close != std::string::npos && text[close] == '\'') {
            size_t quotes = ml ? std::min<size_t>(run_of(close, '\''), 5) : 1;
            end = close + quotes - open;
            after = close + quotes;
          }
          bool plain =
              std::all_of(text.begin() + static_cast<ptrdiff_t>(body), text.begin() + static_cast<ptrdiff_t>(end),
                          [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
          if (plain) {
            out.append(text, i, after - i);
          } else {
            out.append(open, '"');
            for (size_t k = body; k < end;) {
              if (byte(k) >= 0x80) {
                k += escape(k);
                continue;
              }
              if (text[k] == '\\' || text[k] == '"') out += '\\';
              out += text[k++];
            }
            if (after > end) out.append(open, '"');
          }
          i = after;
          continue;
        }
        break;
      case In::comment:
        if (c == '\n') in = In::top;
        break;
      case In::basic:
      case In::ml_basic:
        if (wide) {
          i += escape(i);
          continue;
        }
        if (c == '\\' && i + 1 < n) {
          if (byte(i + 1) >= 0x80) {
            message = "a backslash before a non-ASCII character in a string is no TOML escape (\\\\ is a backslash)";
            return line_at(i);
          }
          if (text[i + 1] != '\n') {  // an escape: \\ and \" do not end the string
            out.append(text, i, 2);
            i += 2;
            continue;
          }
        }
        if (in == In::basic && (c == '"' || c == '\n')) in = In::top;
        if (in == In::ml_basic && c == '"' && run_of(i, '"') >= 3) {
          size_t quotes = std::min<size_t>(run_of(i, '"'), 5);  // up to two belong to the string
          out.append(text, i, quotes);
          i += quotes;
          in = In::top;
          continue;
        }
        break;
    }
    out += c;
    ++i;
  }
  text = std::move(out);
  return 0;
}

// The whole file, or false when it cannot be opened or read.
bool read_whole(const std::string& path, std::string& text) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[4096];
  size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
}

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
  std::string text;
  if (!read_whole(path, text)) {
    error = fmt::format("{}: cannot read the configuration file", path);
    return std::nullopt;
  }
  std::string why;
  if (size_t line = guard_toml_text(text, why); line != 0) {
    error = fmt::format("{}:{}: {}", path, line, why);
    return std::nullopt;
  }
  try {
    toml::table root = toml::parse(text, path);
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
