// pgsafe's command line. Only argument handling lives here: everything else
// is in the pgsafe_core library. Exit status: 0 no findings at or above
// --fail-on, 1 findings, 2 usage, configuration or I/O error.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pgsafe/config.hpp"
#include "pgsafe/explain.hpp"
#include "pgsafe/lint.hpp"
#include "pgsafe/lsp.hpp"
#include "pgsafe/migration_set.hpp"
#include "pgsafe/registry.hpp"
#include "pgsafe/reporter.hpp"
#include "pgsafe/source.hpp"
#include "pgsafe/timing.hpp"

#include "heap.hpp"

namespace {

using namespace pgsafe;

constexpr int k_exit_ok = 0;
constexpr int k_exit_findings = 1;
constexpr int k_exit_error = 2;

void error_line(std::string_view msg) { std::cerr << "pgsafe: error: " << msg << '\n'; }

std::vector<std::string> split_ids(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const std::string& r : raw) {
    std::stringstream ss(r);
    std::string item;
    while (std::getline(ss, item, ',')) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

// Writes all of `content` to `fd`: 0, or the errno of the failure.
int write_all(int fd, std::string_view content) {
  size_t off = 0;
  while (off < content.size()) {
    const ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    off += static_cast<size_t>(n);
  }
  return 0;
}

// Writes `content` to `path` atomically: a temporary file in the same
// directory, renamed over the target. Errors name the file as `shown`.
bool write_atomically(const std::string& path, const std::string& content, std::string& err, mode_t mode,
                      const std::string& shown) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / (".pgsafe-" + target.filename().string() + ".XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) {
    err = fmt::format("{}: cannot create a temporary file in {}", shown, dir.string());
    return false;
  }
  if (write_all(fd, content) != 0) {
    ::close(fd);
    ::unlink(buf.data());
    err = fmt::format("{}: write failed", shown);
    return false;
  }
  ::fchmod(fd, mode);
  ::close(fd);
  if (std::rename(buf.data(), path.c_str()) != 0) {
    ::unlink(buf.data());
    err = fmt::format("{}: cannot replace the file", shown);
    return false;
  }
  return true;
}

// Writes `content` to what `path` names as it is, for an output that is not
// a regular file (a device or a FIFO), which a rename would replace.
bool write_in_place(const std::string& path, const std::string& content, std::string& err) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) {
    err = fmt::format("{}: cannot write: {}", path, std::generic_category().message(errno));
    return false;
  }
  if (const int e = write_all(fd, content); e != 0) {
    err = fmt::format("{}: write failed: {}", path, std::generic_category().message(e));
    ::close(fd);
    return false;
  }
  if (::close(fd) != 0) {
    err = fmt::format("{}: write failed: {}", path, std::generic_category().message(errno));
    return false;
  }
  return true;
}

// --fix: applies the fixes of the reported files' diagnostics. Fixes whose
// edits overlap an earlier fix's are left for a later run; edits are applied
// from the end of the file backwards so offsets stay valid. Never touches
// stdin. Returns the number of fixes applied; errors are printed.
size_t apply_fixes(const LintResult& result, bool& failed) {
  namespace fs = std::filesystem;
  size_t applied = 0;
  // Each file's fixable findings, in report order: one pass over them all,
  // not one per file.
  std::vector<std::vector<const Diagnostic*>> by_file(result.files.size());
  for (const Diagnostic& d : result.diagnostics) {
    if (d.fix && !d.fix->edits.empty() && d.file < by_file.size()) by_file[d.file].push_back(&d);
  }
  for (size_t fi = 0; fi < result.files.size(); ++fi) {
    const FileReport& f = result.files[fi];
    if (!f.reported || !f.parsed) continue;
    const SourceFile& src = f.parsed->source;
    std::vector<Edit> edits;
    // The accepted edits' spans by start, and the longest of them: an edit
    // can only overlap those starting less than that far before it, so each
    // is checked against a few neighbours rather than against every edit
    // accepted so far (quadratic: 40,000 fixes in one file took 3.3 s).
    std::multimap<uint32_t, uint32_t> accepted;  // begin -> end
    uint32_t longest = 0;
    size_t fixes = 0;
    for (const Diagnostic* d : by_file[fi]) {
      bool clash = false;
      for (const Edit& e : d->fix->edits) {
        if (e.span.end < e.span.begin || e.span.end > src.text.size()) {
          clash = true;
          break;
        }
        const uint32_t from = e.span.begin - std::min(e.span.begin, longest);
        const uint32_t to = std::max(e.span.end, e.span.begin + 1);
        for (auto it = accepted.lower_bound(from); it != accepted.end() && it->first < to; ++it) {
          const Span o{it->first, it->second};
          // Overlapping spans, or two insertions at one offset (their order would be arbitrary).
          bool same_point = e.span.begin == o.begin && (e.span.empty() || o.empty());
          if (same_point || (e.span.begin < o.end && o.begin < e.span.end)) clash = true;
        }
      }
      // Nor can a fix whose own edits overlap (none does: this keeps the
      // text built below well defined whatever a rule produces).
      const std::vector<Edit>& own = d->fix->edits;
      for (size_t x = 0; x < own.size() && !clash; ++x) {
        for (size_t y = x + 1; y < own.size(); ++y) {
          if (own[x].span.begin < own[y].span.end && own[y].span.begin < own[x].span.end) clash = true;
        }
      }
      if (clash) continue;
      for (const Edit& e : d->fix->edits) {
        accepted.emplace(e.span.begin, e.span.end);
        longest = std::max(longest, e.span.end - e.span.begin);
      }
      edits.insert(edits.end(), d->fix->edits.begin(), d->fix->edits.end());
      ++fixes;
    }
    if (edits.empty()) continue;
    struct stat st {};
    std::error_code ec;
    fs::path real = fs::canonical(src.path, ec);
    if (ec || src.path == "-" || ::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      error_line(fmt::format("{}: not a regular file; fixes not applied", src.path));
      failed = true;
      continue;
    }
    // The new text in one pass, front to back: replacing in place moved the
    // rest of the file once per edit (quadratic in a file of many fixes).
    // No two edits overlap. Edits at one offset (only ever within one fix)
    // go insertions first, then in the fix's order.
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
      return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.empty() && !b.span.empty();
    });
    std::string text;
    text.reserve(src.text.size());
    uint32_t done = 0;
    for (const Edit& e : edits) {
      text.append(src.text, done, e.span.begin - done);
      text += e.replacement;
      done = e.span.end;
    }
    text.append(src.text, done);
    std::string err;
    if (!write_atomically(real.string(), text, err, st.st_mode & 07777, real.string())) {
      error_line(err);
      failed = true;
      continue;
    }
    applied += fixes;
  }
  return applied;
}

struct CommonOptions {
  int pg_version = 15;
  bool assume_in_transaction = false;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string stdin_filename;
  unsigned jobs = 0;
  std::vector<std::string> paths;
  std::string config_path;
  std::string changed_since;
  bool replay_earlier = false;
};

void add_common(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("paths", o.paths, "Files, directories (searched for *.sql) or - for stdin");
  cmd->add_option("--pg-version", o.pg_version, "PostgreSQL major version the migrations run on")
      ->check(CLI::Range(9, 18))
      ->default_val(15);
  cmd->add_flag("--assume-in-transaction", o.assume_in_transaction,
                "Treat every file as running inside a transaction (Flyway, Django, Alembic ...)");
  // One value per occurrence (comma separated), so paths after the flag stay paths.
  cmd->add_option("--select", o.select, "Rules to run, comma separated (replaces the defaults; ALL for every rule)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--ignore", o.ignore, "Rules not to run, comma separated")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--stdin-filename", o.stdin_filename, "The name to report for input read from -");
  cmd->add_option("--jobs,-j", o.jobs, "Files processed in parallel (default: one per core this process may use)");
  cmd->add_option("--config", o.config_path,
                  "Configuration file (default: the nearest pgsafe.toml up from the working directory)");
}

// Single-quotes a string for /bin/sh.
std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs a shell command; its stdout, or nullopt when it fails.
std::optional<std::string> capture(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return std::nullopt;
  std::string out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  if (st != 0) return std::nullopt;
  return out;
}

std::string canonical_path(const std::string& p) {
  std::error_code ec;
  std::filesystem::path c = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
  return ec ? p : c.string();
}

// Files added or modified since `rev` (committed, staged or not) plus
// untracked ones, as canonical absolute paths. nullopt after an error.
std::optional<std::set<std::string>> changed_files(const std::string& rev) {
  if (rev.empty() || rev.front() == '-') {
    error_line(fmt::format("--changed-since: `{}` is not a git revision", rev));
    return std::nullopt;
  }
  auto top = capture("git rev-parse --show-toplevel 2>/dev/null");
  if (!top) {
    error_line("--changed-since: the working directory is not in a git repository");
    return std::nullopt;
  }
  while (!top->empty() && (top->back() == '\n' || top->back() == '\r')) top->pop_back();
  std::string cd = "cd " + shell_quote(*top) + " && ";
  auto diff = capture(cd + "git diff --name-only --diff-filter=d -z " + shell_quote(rev) + " -- 2>/dev/null");
  if (!diff) {
    error_line(fmt::format("--changed-since: git cannot compare with `{}`", rev));
    return std::nullopt;
  }
  auto untracked = capture(cd + "git ls-files --others --exclude-standard -z 2>/dev/null");
  if (!untracked) {
    error_line("--changed-since: git cannot list untracked files");
    return std::nullopt;
  }
  std::set<std::string> out;
  for (const std::string* list : {&*diff, &*untracked}) {
    size_t pos = 0;
    while (pos < list->size()) {
      size_t end = list->find('\0', pos);
      if (end == std::string::npos) end = list->size();
      if (end > pos) out.insert(canonical_path(*top + "/" + list->substr(pos, end - pos)));
      pos = end + 1;
    }
  }
  return out;
}

// pgsafe's own repository as a web URL, for SARIF's informationUri and
// helpUri: $PGSAFE_REPOSITORY_URL, else the `origin` remote of the git
// checkout the binary was built in. Empty when neither is known.
std::string repository_url() {
  std::string url;
  if (const char* env = std::getenv("PGSAFE_REPOSITORY_URL"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "";
    auto remote = capture("git -C " + shell_quote(exe.parent_path().string()) + " remote get-url origin 2>/dev/null");
    if (!remote) return "";
    url = *remote;
  }
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r' || url.back() == '/')) url.pop_back();
  if (url.ends_with(".git")) url.resize(url.size() - 4);
  // git@host:owner/repo and ssh://git@host/owner/repo -> https://host/owner/repo
  if (url.starts_with("ssh://")) {
    url.erase(0, 6);
    if (size_t at = url.find('@'); at != std::string::npos && at < url.find('/')) url.erase(0, at + 1);
    return "https://" + url;
  }
  if (size_t at = url.find('@'); !url.starts_with("http") && at != std::string::npos) {
    std::string rest = url.substr(at + 1);
    size_t colon = rest.find(':');
    if (colon == std::string::npos) return "";
    return "https://" + rest.substr(0, colon) + "/" + rest.substr(colon + 1);
  }
  if (url.starts_with("https://") || url.starts_with("http://")) {
    // Drop credentials: https://user:token@host/...
    size_t scheme = url.find("://") + 3;
    size_t slash = url.find('/', scheme);
    size_t at = url.find('@', scheme);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) url.erase(scheme, at + 1 - scheme);
    return url;
  }
  return "";  // a local path or an unknown scheme: no web page to point at
}

// Loads pgsafe.toml (--config, or the nearest one up from the working
// directory) and fills in every option the command line did not give.
bool apply_config(const CLI::App* cmd, CommonOptions& o, std::string* fail_on, std::optional<Config>& cfg) {
  std::string path = o.config_path;
  if (path.empty()) {
    std::error_code ec;
    auto found = find_config(std::filesystem::current_path(ec));
    if (found) path = found->string();
  }
  if (path.empty()) return true;
  std::string err;
  cfg = load_config(path, err);
  if (!cfg) {
    error_line(err);
    return false;
  }
  if (cmd->count("--pg-version") == 0 && cfg->pg_version) o.pg_version = *cfg->pg_version;
  if (cmd->count("--assume-in-transaction") == 0 && cfg->assume_in_transaction) {
    o.assume_in_transaction = *cfg->assume_in_transaction;
  }
  if (cmd->count("--select") == 0 && cfg->select) o.select = *cfg->select;
  if (cmd->count("--ignore") == 0 && cfg->ignore) o.ignore = *cfg->ignore;
  if (fail_on != nullptr && cmd->count("--fail-on") == 0 && cfg->fail_on) *fail_on = *cfg->fail_on;
  return true;
}

// Ends a lint run: flushes the output and exits without tearing down the
// parse trees and analyses (tens of milliseconds on a large migration, for
// memory the process exit frees anyway).
[[noreturn]] void exit_now(int rc) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
#if defined(__SANITIZE_ADDRESS__)
  std::exit(rc);  // runs LeakSanitizer's check at exit (main's locals stay reachable)
#else
  std::_Exit(rc);
#endif
}

// --replay-earlier: appends to `paths` the earlier migrations of each file
// named (migration_set.hpp; standard input by its --stdin-filename) that no
// path names, and returns them, lexically normalised: they are replayed, not
// reported. A file inside a directory that is named is named too.
std::set<std::string> add_earlier_migrations(std::vector<std::string>& paths, const std::string& stdin_filename) {
  namespace fs = std::filesystem;
  std::set<std::string> named_files;
  std::vector<std::string> named_dirs;  // each ending in '/'; "" for the working directory
  for (const std::string& given : paths) {
    // Standard input stands for the file it is reported as: not replayed from the disk.
    const std::string& p = given == "-" ? stdin_filename : given;
    if (p.empty()) continue;
    std::error_code ec;
    std::string norm = fs::path(p).lexically_normal().string();
    if (given != "-" && fs::is_directory(p, ec)) {
      if (!norm.ends_with('/')) norm += '/';
      named_dirs.push_back(norm == "./" ? std::string() : norm);
    } else {
      named_files.insert(std::move(norm));
    }
  }
  auto named = [&](const std::string& file) {
    if (named_files.count(file) != 0) return true;
    return std::any_of(named_dirs.begin(), named_dirs.end(), [&](const std::string& dir) {
      if (dir.empty()) return !fs::path(file).is_absolute() && !file.starts_with("../");
      return file.starts_with(dir);
    });
  };
  // Of the files named in one set, the last one's earlier migrations take
  // in every other's: one listing of the set, however many of its files are
  // named (a pre-commit run with --all-files names them all).
  struct LastNamed {
    MigrationSet set;
    std::string place;
    std::string file;
  };
  std::vector<LastNamed> last;
  std::map<std::string, MigrationSet> set_of_dir;  // a set depends on the file's directory alone
  const size_t named_count = paths.size();
  for (size_t i = 0; i < named_count; ++i) {
    std::error_code ec;
    const std::string file = paths[i] == "-" ? stdin_filename : paths[i];
    if (file.empty() || (paths[i] != "-" && !fs::is_regular_file(file, ec))) continue;
    auto [at, fresh] = set_of_dir.try_emplace(fs::path(file).parent_path().string());
    if (fresh) at->second = migration_set(file);
    std::string place = migration_place(at->second, file);
    auto it = std::find_if(last.begin(), last.end(), [&](const LastNamed& l) { return l.set == at->second; });
    if (it == last.end()) {
      last.push_back({at->second, std::move(place), file});
    } else if (natural_less(it->place, place)) {
      it->place = std::move(place);
      it->file = file;
    }
  }
  std::set<std::string> replay_only;
  for (const LastNamed& l : last) {
    for (const fs::path& e : earlier_migrations(l.set, l.file)) {
      std::string norm = e.lexically_normal().string();
      if (named(norm) || !replay_only.insert(norm).second) continue;
      paths.push_back(e.string());
    }
  }
  return replay_only;
}

// Lints per the options; returns false after printing a usage error.
bool run_lint(CommonOptions& o, LintResult& result, bool& io_error, const std::optional<Config>& cfg, LintOptions& lo) {
  lo.analysis.pg_version = o.pg_version;
  lo.analysis.assume_in_transaction = o.assume_in_transaction;
  lo.select = split_ids(o.select);
  lo.ignore = split_ids(o.ignore);
  lo.jobs = o.jobs;
  if (cfg) lo.severity = cfg->severity;
  for (const std::string& id : unknown_rule_ids(lo)) {
    error_line(fmt::format("unknown rule `{}` (see `pgsafe rules`)", id));
    return false;
  }
  std::optional<std::set<std::string>> changed;
  if (!o.changed_since.empty()) {
    changed = changed_files(o.changed_since);
    if (!changed) return false;
  }
  if (o.paths.empty()) o.paths.emplace_back(".");
  // The paths named, and with --replay-earlier the earlier migrations added
  // to them: a copy, as --fix lints again with the same options.
  std::vector<std::string> paths = o.paths;
  std::set<std::string> replay_only =
      o.replay_earlier ? add_earlier_migrations(paths, o.stdin_filename) : std::set<std::string>{};
  if (changed || (cfg && !cfg->exclude.empty()) || !replay_only.empty()) {
    lo.report_file = [changed, cfg, replay_only = std::move(replay_only)](const std::string& path) {
      if (!replay_only.empty() && replay_only.count(std::filesystem::path(path).lexically_normal().string()) != 0) {
        return false;
      }
      if (cfg && config_excludes(*cfg, path)) return false;
      return !changed || changed->count(canonical_path(path)) != 0;
    };
  }
  InputSet in = read_inputs(paths, o.stdin_filename, o.jobs);
  for (const std::string& e : in.errors) error_line(e);
  io_error = !in.errors.empty();
  result = lint(std::move(in.sources), lo);
  result.errors = std::move(in.errors);  // also recorded in the SARIF run's invocation
  return true;
}

int emit(const std::string& content, const std::string& output) {
  if (output.empty() || output == "-") {
    std::cout << content;
    std::cout.flush();
    return std::cout ? k_exit_ok : k_exit_error;
  }
  std::string err;
  struct stat st {};
  if (::stat(output.c_str(), &st) != 0) {
    // A new file: the permissions a shell's redirection would give it.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (!write_atomically(output, content, err, 0666 & ~mask, output)) {
      error_line(err);
      return k_exit_error;
    }
    return k_exit_ok;
  }
  if (!S_ISREG(st.st_mode)) {
    // /dev/null, /dev/stdout, a FIFO: written to as they are. Renamed over,
    // /dev/null would become a regular file (for whoever may write to /dev).
    if (!write_in_place(output, content, err)) {
      error_line(err);
      return k_exit_error;
    }
    return k_exit_ok;
  }
  // An existing file is replaced with its permissions kept; through a
  // symbolic link, the file it points to is replaced and the link stays.
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(output, ec);
  if (!write_atomically(ec ? output : real.string(), content, err, st.st_mode & 07777, output)) {
    error_line(err);
    return k_exit_error;
  }
  return k_exit_ok;
}

void print_rules(const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const Rule* r : all_rules()) {
      arr.push_back({{"id", r->info.id},
                     {"severity", severity_name(r->info.severity)},
                     {"default_on", r->info.default_on},
                     {"summary", r->info.summary},
                     {"help", r->info.help},
                     {"fix", r->info.fix != FixAvailability::None},
                     {"doc", r->info.doc}});
    }
    std::cout << arr.dump(2) << '\n';
    return;
  }
  if (format == "markdown") {
    std::cout << "# pgsafe rules\n\nGenerated by `pgsafe rules --format markdown`.\n\n";
    std::cout << "| rule | severity | default | fix | summary |\n|---|---|---|---|---|\n";
    for (const Rule* r : all_rules()) {
      std::cout << fmt::format("| [`{}`](#{}) | {} | {} | {} | {} |\n", r->info.id, r->info.id,
                               severity_name(r->info.severity), r->info.default_on ? "on" : "opt-in",
                               r->info.fix == FixAvailability::None ? "" : "yes", r->info.summary);
    }
    for (const Rule* r : all_rules()) {
      std::string doc(r->info.doc);
      // Nest the rule's headings under its own.
      std::string nested;
      std::istringstream ss(doc);
      std::string line;
      bool in_code = false;
      while (std::getline(ss, line)) {
        if (line.starts_with("```")) in_code = !in_code;
        if (!in_code && line.starts_with("## ")) line = "#" + line;
        nested += line + '\n';
      }
      std::cout << fmt::format("\n## {}\n\nSeverity: {}. {}.\n\n{}", r->info.id, severity_name(r->info.severity),
                               r->info.default_on ? "On by default" : "Opt-in (enable with `--select`)", nested);
    }
    return;
  }
  for (const Rule* r : all_rules()) {
    std::cout << fmt::format("{:<32} {:<8} {:<7} {}\n", r->info.id, severity_name(r->info.severity),
                             r->info.default_on ? "on" : "opt-in", r->info.summary);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // malloc's heaps grow in large steps, on 2 MB pages (heap.cpp).
  reserve_main_heap();
  phase_done("start");
  CLI::App app{"pgsafe: a safety linter for PostgreSQL migrations", "pgsafe"};
  app.set_version_flag("--version", std::string("pgsafe ") + PGSAFE_VERSION);
  app.require_subcommand(1);

  CommonOptions check_opts;
  std::string format = "text";
  std::string output;
  std::string fail_on = "warning";
  CLI::App* check = app.add_subcommand("check", "Lint migration files");
  add_common(check, check_opts);
  check->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "gcc", "github", "markdown"}));
  check->add_option("--changed-since", check_opts.changed_since,
                    "Report only files added or modified since this git revision (all are still replayed)");
  check->add_flag("--replay-earlier", check_opts.replay_earlier,
                  "Before each file named, replay (without reporting) the earlier migrations beside it, so the "
                  "schema they create is known (what a pre-commit hook, handed only the changed files, needs)");
  check->add_option("--output,-o", output,
                    "Write the report to this file instead of stdout (a regular file is replaced atomically)");
  bool fix = false;
  check->add_flag("--fix", fix, "Apply the fixes to the files (atomically), then report what is left");
  check->add_option("--fail-on", fail_on, "Lowest severity that makes the exit status 1")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));

  std::string rules_format = "text";
  CLI::App* rules_cmd = app.add_subcommand("rules", "List the rules");
  rules_cmd->add_option("--format", rules_format, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));

  std::string rule_id;
  CLI::App* explain_rule = app.add_subcommand("explain-rule", "Print one rule's documentation");
  explain_rule->add_option("id", rule_id, "Rule id")->required();

  CommonOptions explain_opts;
  std::string explain_format = "text";
  CLI::App* explain_cmd = app.add_subcommand("explain", "Per statement: locks, rewrites and scans");
  add_common(explain_cmd, explain_opts);
  explain_cmd->add_flag("--replay-earlier", explain_opts.replay_earlier,
                        "Before each file named, replay (without explaining) the earlier migrations beside it");
  explain_cmd->add_option("--format", explain_format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}));

  CLI::App* lsp_cmd = app.add_subcommand("lsp", "Run the language server (Language Server Protocol over stdio)");
  bool lsp_stdio = true;
  lsp_cmd->add_flag("--stdio", lsp_stdio, "Use stdio (the default and only transport)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    error_line(fmt::format("{} (see `pgsafe --help`)", e.what()));
    return k_exit_error;
  }

  if (lsp_cmd->parsed()) {
    std::ios::sync_with_stdio(false);
    return run_lsp(std::cin, std::cout);
  }
  if (rules_cmd->parsed()) {
    print_rules(rules_format);
    return k_exit_ok;
  }
  if (explain_rule->parsed()) {
    const Rule* r = find_rule(rule_id);
    if (r == nullptr) {
      error_line(fmt::format("unknown rule `{}` (see `pgsafe rules`)", rule_id));
      return k_exit_error;
    }
    std::cout << fmt::format("# {}\n\nSeverity: {}. {}.\n\n{}", r->info.id, severity_name(r->info.severity),
                             r->info.default_on ? "On by default" : "Opt-in (enable with `--select`)", r->info.doc);
    return k_exit_ok;
  }

  CommonOptions& opts = check->parsed() ? check_opts : explain_opts;
  std::optional<Config> config;
  if (!apply_config(check->parsed() ? check : explain_cmd, opts, check->parsed() ? &fail_on : nullptr, config)) {
    return k_exit_error;
  }
  LintResult result;
  LintOptions lint_opts;
  bool io_error = false;
  if (check->parsed() && fix) {
    for (const std::string& p : opts.paths) {
      if (p == "-") {
        error_line("--fix does not apply to standard input");
        return k_exit_error;
      }
    }
  }
  if (!run_lint(opts, result, io_error, config, lint_opts)) return k_exit_error;
  if (check->parsed() && fix) {
    bool failed = false;
    size_t n = apply_fixes(result, failed);
    if (failed) return k_exit_error;
    if (n > 0) {
      std::cerr << fmt::format("pgsafe: applied {} fix{}\n", n, n == 1 ? "" : "es");
      result = LintResult{};
      lint_opts = LintOptions{};
      if (!run_lint(opts, result, io_error, config, lint_opts)) return k_exit_error;
    }
  }

  std::ostringstream out;
  if (explain_cmd->parsed()) {
    ExplainFormat ef = explain_format == "json"       ? ExplainFormat::Json
                       : explain_format == "markdown" ? ExplainFormat::Markdown
                                                      : ExplainFormat::Text;
    write_explain(explain(result), ef, std::cout);
    std::cout.flush();
    exit_now(!std::cout || io_error ? k_exit_error : k_exit_ok);
  }

  if (!output.empty() && output != "-") {
    // pgsafe never writes to a file it reads.
    for (const FileReport& f : result.files) {
      std::error_code ec;
      if (std::filesystem::equivalent(output, f.parsed->source.path, ec) && !ec) {
        error_line(fmt::format("--output {} is one of the input files; pgsafe does not overwrite them", output));
        return k_exit_error;
      }
    }
  }
  ReportOptions ro;
  const char* no_color = std::getenv("NO_COLOR");
  ro.color = output.empty() && isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
  ro.jobs = lint_opts.jobs;
  for (const Rule* r : all_rules()) {
    if (rule_enabled(*r, lint_opts)) ro.rules.push_back(r);
  }
  if (format == "sarif") ro.repository_url = repository_url();
  int rc = k_exit_ok;
  if (output.empty() || output == "-") {
    // Straight to stdout: a large report is never held in memory twice.
    write_report(*parse_format(format), result, ro, std::cout);
    std::cout.flush();
    if (!std::cout) rc = k_exit_error;
  } else {
    write_report(*parse_format(format), result, ro, out);
    rc = emit(out.str(), output);
  }
  phase_done("report");
  if (rc != k_exit_ok || io_error) return k_exit_error;
  if (fail_on != "never") {
    Severity threshold = *parse_severity(fail_on);
    for (const Diagnostic& d : result.diagnostics) {
      if (d.severity >= threshold) {
        rc = k_exit_findings;
        break;
      }
    }
  }
  exit_now(rc);
}
