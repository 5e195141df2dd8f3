// pgsafe's command line. Only argument handling lives here: everything else
// is in the pgsafe_core library. Exit status: 0 no findings at or above
// --fail-on, 1 findings, 2 usage, configuration or I/O error.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pgsafe/explain.hpp"
#include "pgsafe/lint.hpp"
#include "pgsafe/registry.hpp"
#include "pgsafe/reporter.hpp"

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

// Writes `content` to `path` atomically: a temporary file in the same
// directory, renamed over the target.
bool write_atomically(const std::string& path, const std::string& content, std::string& err) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / (".pgsafe-" + target.filename().string() + ".XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) {
    err = fmt::format("{}: cannot create a temporary file in {}", path, dir.string());
    return false;
  }
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n <= 0) {
      ::close(fd);
      ::unlink(buf.data());
      err = fmt::format("{}: write failed", path);
      return false;
    }
    off += static_cast<size_t>(n);
  }
  ::fchmod(fd, 0644);
  ::close(fd);
  if (std::rename(buf.data(), path.c_str()) != 0) {
    ::unlink(buf.data());
    err = fmt::format("{}: cannot replace the file", path);
    return false;
  }
  return true;
}

struct CommonOptions {
  int pg_version = 15;
  bool assume_in_transaction = false;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string stdin_filename;
  unsigned jobs = 0;
  std::vector<std::string> paths;
};

void add_common(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("paths", o.paths, "Files, directories (searched for *.sql) or - for stdin");
  cmd->add_option("--pg-version", o.pg_version, "PostgreSQL major version the migrations run on")
      ->check(CLI::Range(9, 18))
      ->default_val(15);
  cmd->add_flag("--assume-in-transaction", o.assume_in_transaction,
                "Treat every file as running inside a transaction (Flyway, Django, Alembic ...)");
  cmd->add_option("--select", o.select, "Rules to run, comma separated (replaces the defaults; ALL for every rule)");
  cmd->add_option("--ignore", o.ignore, "Rules not to run, comma separated");
  cmd->add_option("--stdin-filename", o.stdin_filename, "The name to report for input read from -");
  cmd->add_option("--jobs,-j", o.jobs, "Files processed in parallel (default: one per core)");
}

// Lints per the options; returns false after printing a usage error.
bool run_lint(CommonOptions& o, LintResult& result, bool& io_error) {
  LintOptions lo;
  lo.analysis.pg_version = o.pg_version;
  lo.analysis.assume_in_transaction = o.assume_in_transaction;
  lo.select = split_ids(o.select);
  lo.ignore = split_ids(o.ignore);
  lo.jobs = o.jobs;
  for (const std::string& id : unknown_rule_ids(lo)) {
    error_line(fmt::format("unknown rule `{}` (see `pgsafe rules`)", id));
    return false;
  }
  if (o.paths.empty()) o.paths.emplace_back(".");
  InputSet in = read_inputs(o.paths, o.stdin_filename, o.jobs);
  for (const std::string& e : in.errors) error_line(e);
  io_error = !in.errors.empty();
  result = lint(std::move(in.sources), lo);
  return true;
}

int emit(const std::string& content, const std::string& output) {
  if (output.empty() || output == "-") {
    std::cout << content;
    std::cout.flush();
    return std::cout ? k_exit_ok : k_exit_error;
  }
  std::string err;
  if (!write_atomically(output, content, err)) {
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
  CLI::App app{"pgsafe: a safety linter for PostgreSQL migrations", "pgsafe"};
  app.set_version_flag("--version", std::string("pgsafe ") + PGSAFE_VERSION);
  app.require_subcommand(1);

  CommonOptions check_opts;
  std::string format = "text";
  std::string output;
  std::string fail_on = "warning";
  CLI::App* check = app.add_subcommand("check", "Lint migration files");
  add_common(check, check_opts);
  check->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--output,-o", output, "Write the report to this file (atomically) instead of stdout");
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
  explain_cmd->add_option("--format", explain_format, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));

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
  LintResult result;
  bool io_error = false;
  if (!run_lint(opts, result, io_error)) return k_exit_error;

  std::ostringstream out;
  if (explain_cmd->parsed()) {
    ExplainFormat ef = explain_format == "json"       ? ExplainFormat::Json
                       : explain_format == "markdown" ? ExplainFormat::Markdown
                                                      : ExplainFormat::Text;
    write_explain(explain(result), ef, out);
    int rc = emit(out.str(), "");
    return io_error ? k_exit_error : rc;
  }

  ReportOptions ro;
  const char* no_color = std::getenv("NO_COLOR");
  ro.color = output.empty() && isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
  write_report(*parse_format(format), result, ro, out);
  int rc = emit(out.str(), output);
  if (rc != k_exit_ok || io_error) return k_exit_error;
  if (fail_on == "never") return k_exit_ok;
  Severity threshold = *parse_severity(fail_on);
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity >= threshold) return k_exit_findings;
  }
  return k_exit_ok;
}
