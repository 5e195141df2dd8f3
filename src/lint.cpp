#include "pgsafe/lint.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "pgsafe/registry.hpp"
#include "pgsafe/suppress.hpp"
#include "pgsafe/timing.hpp"

#include "crew.hpp"
#include "heap.hpp"
#include "ordered_tasks.hpp"

namespace fs = std::filesystem;

namespace pgsafe {

void parallel_for(size_t n, unsigned jobs, const std::function<void(size_t)>& fn) {
  jobs = static_cast<unsigned>(std::min<size_t>(resolve_jobs(jobs), n));
  if (jobs <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  // Threads claim runs of `grain` consecutive tasks: a shared counter bumped
  // per task moves its cache line between the cores on every task, and the
  // corpus makes 72,400 small rule tasks. About 64 runs per thread keep the
  // threads' shares even; with few tasks every run is one task.
  const size_t grain = std::max<size_t>(1, n / (size_t{jobs} * 64));
  std::atomic<size_t> next{0};
  auto work = [&](unsigned) {
    for (size_t first = next.fetch_add(grain); first < n; first = next.fetch_add(grain)) {
      for (size_t i = first; i < std::min(n, first + grain); ++i) fn(i);
    }
  };
  // This thread is one of the `jobs`.
  Crew crew(jobs - 1, work);
  work(0);
  crew.wait();
}

namespace {

// What looking up one named path found.
struct Found {
  struct stat st {};
  bool ok = false;                  // it exists (st is its stat)
  std::optional<std::string> text;  // a regular file's contents, when it was read while looking it up
  int read_errno = 0;               // why reading it failed, if it did
};

// Reads an open file to its end into `text`; 0 or the errno of the failure.
// `st` is the file's fstat, which says how much to ask for.
int read_fd(int fd, const struct stat& st, std::string& text) {
  const bool sized = S_ISREG(st.st_mode) && st.st_size > 0;
  size_t cap = sized ? static_cast<size_t>(st.st_size) + 1 : size_t{1} << 16;
  size_t len = 0;
  int read_errno = 0;
  for (;;) {
    text.resize(cap);
    const ssize_t got = ::read(fd, text.data() + len, cap - len);
    if (got < 0) {
      if (errno == EINTR) continue;
      read_errno = errno;
      break;
    }
    if (got == 0) break;
    len += static_cast<size_t>(got);
    // A regular file that gave exactly its size, and less than asked for,
    // is at its end: no read to see it return 0 (one system call of five a
    // file). A file whose size fstat does not know (procfs) is read until
    // read returns 0.
    if (sized && len == static_cast<size_t>(st.st_size) && len < cap) break;
    if (len == cap) cap *= 2;
  }
  text.resize(len);
  return read_errno;
}

// Looks up a named path. With `read`, a path that opens as anything but a
// directory is read there and then: one path lookup a file (open, then
// fstat on the descriptor), where a stat() and a later open() walked the
// path twice. A path that does not open is looked up with stat(), so that
// it is reported exactly as when nothing is read here.
Found look_up(const std::string& p, bool read) {
  Found f;
  if (read) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      f.ok = ::fstat(fd, &f.st) == 0;
      if (f.ok && !S_ISDIR(f.st.st_mode)) {
        f.text.emplace();
        f.read_errno = read_fd(fd, f.st, *f.text);
      }
      ::close(fd);
      if (f.ok) return f;
    }
  }
  f.ok = ::stat(p.c_str(), &f.st) == 0;
  return f;
}

// A file to lint: its path and, when it was read while being looked up, the
// index of its lookup.
struct Listed {
  std::string path;
  size_t looked_up = SIZE_MAX;
};

// expand_paths, reading the named files as they are looked up when `read`.
// Standard input ("-") takes its place in the order by `stdin_name`, the
// path it is reported as, when there is one.
std::vector<Listed> list_files(const std::vector<std::string>& paths, std::vector<std::string>& errors, unsigned jobs,
                               std::vector<Found>& found_paths, bool read, const std::string& stdin_name = {}) {
  // One lookup a path, on several threads: a run over thousands of files
  // named one by one spent 7 ms here on one thread. (std::filesystem's
  // status() on a string first builds a path object, which cost more than
  // the system call.) A lookup alone is worth a thread only past 64 paths;
  // one that reads the file is worth it from two, as the reading was before.
  found_paths.assign(paths.size(), Found{});
  parallel_for(paths.size(), paths.size() < (read ? 2 : 64) ? 1 : jobs, [&](size_t i) {
    if (paths[i] != "-") found_paths[i] = look_up(paths[i], read);
  });
  std::vector<Listed> out;
  out.reserve(paths.size());
  for (size_t pi = 0; pi < paths.size(); ++pi) {
    const std::string& p = paths[pi];
    if (p == "-") {
      out.push_back({p});
      continue;
    }
    const struct stat& st = found_paths[pi].st;
    if (!found_paths[pi].ok) {
      std::error_code lec;
      if (fs::is_symlink(fs::symlink_status(p, lec))) {
        fs::path to = fs::read_symlink(p, lec);
        errors.push_back(fmt::format("{}: broken symbolic link (its target {} does not exist)", p, to.string()));
        continue;
      }
      errors.push_back(fmt::format("{}: no such file or directory", p));
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      std::error_code ec;
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        errors.push_back(fmt::format("{}: cannot read directory: {}", p, ec.message()));
        continue;
      }
      // Entries are named p + "/" + their path below p, so the string
      // operations below give what extension() and lexically_relative()
      // would, without building path objects for every file.
      std::string base = p;
      while (base.size() > 1 && base.back() == '/') base.pop_back();
      const std::string prefix = p.ends_with('/') ? p : p + "/";
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::directory_entry& e = *it;
        const std::string& name = e.path().native();
        const size_t slash = name.rfind('/');
        const std::string_view file = std::string_view(name).substr(slash == std::string::npos ? 0 : slash + 1);
        std::error_code fec;
        if (file.size() > 4 && file.ends_with(".sql") && e.is_regular_file(fec)) {
          std::string rel =
              name.starts_with(prefix) ? name.substr(prefix.size()) : e.path().lexically_relative(p).generic_string();
          found.push_back(base == "." ? rel : base + "/" + rel);
        }
      }
      if (found.empty()) {
        errors.push_back(fmt::format("{}: directory contains no .sql files", p));
      }
      for (std::string& f : found) out.push_back({std::move(f)});
      continue;
    }
    out.push_back({p, found_paths[pi].text ? pi : SIZE_MAX});
  }
  // Paths named one by one are often in order already (a shell glob, a
  // list from `sort`): one comparison a path, rather than a sort's n log n.
  auto key = [&](const Listed& l) -> const std::string& {
    return l.path == "-" && !stdin_name.empty() ? stdin_name : l.path;
  };
  auto less = [&](const Listed& a, const Listed& b) { return natural_less(key(a), key(b)); };
  if (!std::is_sorted(out.begin(), out.end(), less)) std::stable_sort(out.begin(), out.end(), less);
  out.erase(std::unique(out.begin(), out.end(), [](const Listed& a, const Listed& b) { return a.path == b.path; }),
            out.end());
  return out;
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths, std::vector<std::string>& errors,
                                      unsigned jobs) {
  std::vector<Found> found;
  std::vector<std::string> out;
  for (Listed& l : list_files(paths, errors, jobs, found, false)) out.push_back(std::move(l.path));
  return out;
}

InputSet read_inputs(const std::vector<std::string>& paths, const std::string& stdin_name, unsigned jobs) {
  InputSet in;
  std::vector<Found> found;
  std::vector<Listed> files = list_files(paths, in.errors, jobs, found, true, stdin_name);
  std::vector<std::optional<SourceFile>> loaded(files.size());
  std::vector<std::string> errs(files.size());
  auto load = [&](size_t i) {
    const std::string& p = files[i].path;
    SourceFile src;
    int read_errno = 0;
    if (p == "-") {
      src.path = stdin_name.empty() ? "<stdin>" : stdin_name;
      std::ostringstream ss;
      ss << std::cin.rdbuf();
      src.text = ss.str();
    } else if (files[i].looked_up != SIZE_MAX) {
      // Named and read by its lookup (a path named twice is read twice, and
      // only the first copy is used).
      src.path = p;
      src.text = std::move(*found[files[i].looked_up].text);
      read_errno = found[files[i].looked_up].read_errno;
    } else {
      // Found in a directory, or named but not opened by its lookup: this
      // open reports why.
      src.path = p;
      const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        errs[i] = fmt::format("{}: cannot read file: {}", p, std::generic_category().message(errno));
        return;
      }
      struct stat st {};
      if (::fstat(fd, &st) != 0) st = {};
      read_errno = read_fd(fd, st, src.text);
      ::close(fd);
    }
    if (read_errno != 0) {
      errs[i] = fmt::format("{}: cannot read file: {}", p, std::generic_category().message(read_errno));
      return;
    }
    loaded[i] = std::move(src);
  };
  // stdin must be read on this thread, and only once.
  parallel_for(files.size(), jobs, [&](size_t i) {
    if (files[i].path != "-") load(i);
  });
  phase_done("read");
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].path == "-") load(i);
    if (loaded[i]) {
      in.sources.push_back(std::move(*loaded[i]));
    } else if (!errs[i].empty()) {
      in.errors.push_back(errs[i]);
    }
  }
  return in;
}

namespace {
bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

bool rule_enabled(const Rule& rule, const LintOptions& opts) {
  std::string_view id = rule.info.id;
  if (contains(opts.ignore, id)) return false;
  if (opts.select.empty()) return rule.info.default_on;
  // A selection replaces the defaults; syntax errors are always reported
  // unless ignored, since an unparsed statement is an unchecked one.
  return contains(opts.select, id) || contains(opts.select, "ALL") || id == "syntax-error";
}

std::vector<std::string> unknown_rule_ids(const LintOptions& opts) {
  std::vector<std::string> out;
  for (const auto* list : {&opts.select, &opts.ignore}) {
    for (const std::string& id : *list) {
      if (id != "ALL" && find_rule(id) == nullptr) out.push_back(id);
    }
  }
  for (const auto& [id, sev] : opts.severity) {
    if (find_rule(id) == nullptr) out.push_back(id);
  }
  return out;
}

namespace {
// Sorts one file's findings by position, rule and message, keeping the
// order of equal ones. The sort moves 4-byte indexes and each finding is
// then moved once, along the permutation's cycles: a merge sort of the
// findings themselves moved each many times, through a buffer of half of them.
void sort_findings(std::vector<Diagnostic>& v) {
  std::vector<uint32_t> order(v.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Diagnostic& a = v[x];
    const Diagnostic& b = v[y];
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.message < b.message;
  });
  // Position i receives the finding now at order[i].
  std::vector<bool> placed(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (placed[i] || order[i] == i) continue;
    Diagnostic held = std::move(v[i]);
    size_t j = i;
    while (order[j] != i) {
      v[j] = std::move(v[order[j]]);
      placed[j] = true;
      j = order[j];
    }
    v[j] = std::move(held);
    placed[j] = true;
  }
}
}  // namespace

LintResult lint(std::vector<SourceFile> sources, const LintOptions& opts) {
  LintResult result;
  const size_t n = sources.size();
  result.files.resize(n);

  std::vector<const Rule*> enabled;
  for (const Rule* r : all_rules()) {
    if (r->check != nullptr && rule_enabled(*r, opts)) enabled.push_back(r);
  }
  auto is_enabled = [&](std::string_view id) {
    const Rule* r = find_rule(id);
    return r != nullptr && rule_enabled(*r, opts);
  };
  // per_file[i]: what the rules found in file i, in the order they reported
  // it (File-scope rules of one file run on several threads and append
  // under its mutex); sorted below, so the output is the same for any number
  // of threads.
  const size_t nrules = enabled.size();
  std::vector<std::vector<Diagnostic>> per_file(n);
  auto file_locks = std::make_unique<std::mutex[]>(n);

  // Lex every file, then parse all the files' chunks on worker threads (so
  // one large file spreads over the cores too; libpg_query keeps its state
  // per thread) while this thread analyses each chunk, in migration order, as
  // soon as it is parsed: the one ordered pass carries the catalog and
  // settings from statement to statement and file to file. Statements-scope
  // rules then check the chunk, and its parse trees are freed.
  std::vector<PendingParse> pending(n);
  // Fewer files than threads: the spare threads help lex the large ones.
  const unsigned jobs = resolve_jobs(opts.jobs);
  const auto lex_threads = static_cast<unsigned>(n == 0 || n >= jobs ? 1 : jobs / n);
  parallel_for(n, jobs, [&](size_t i) { pending[i] = begin_parse(std::move(sources[i]), lex_threads); });
  std::vector<std::pair<size_t, size_t>> chunks;  // (file, chunk), in migration order
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < pending[i].chunk_count(); ++k) chunks.emplace_back(i, k);
  }
  phase_done("lex");
  std::vector<uint64_t> chunk_bytes;
  chunk_bytes.reserve(chunks.size());
  for (auto [i, k] : chunks) chunk_bytes.push_back(pending[i].chunk_bytes(k));
  // What is left of each chunk once analysed (PendingParse::retire_chunk)
  // is freed by the thread that parsed it, in whose malloc arena it lives:
  // a worker's remains wait in its bin for its next parse task. When this
  // thread freed them, it took the worker's arena lock while the worker was
  // building the next trees, and each stalled the other: on the corpus, a
  // run made 3,500 futex calls (400 now) and took 8% more wall time. A task
  // moves its remains out of the bin, which keeps its buffer's capacity.
  struct Bin {
    std::thread::id owner;
    std::vector<PendingParse::Remains> remains;
  };
  std::mutex bin_mutex;
  std::vector<Bin> bins;  // guarded by bin_mutex; one a parsing thread
  std::vector<std::thread::id> parsed_by(chunks.size());
  auto bin_of = [&](std::thread::id t) -> Bin& {  // call with bin_mutex held
    for (Bin& b : bins) {
      if (b.owner == t) return b;
    }
    return bins.emplace_back(Bin{t, {}});
  };
  auto empty_bin = [&] {
    std::vector<PendingParse::Remains> remains;  // freed once the lock is released
    std::lock_guard<std::mutex> lock(bin_mutex);
    Bin& b = bin_of(std::this_thread::get_id());
    remains.reserve(b.remains.size());
    std::move(b.remains.begin(), b.remains.end(), std::back_inserter(remains));
    b.remains.clear();
  };
  OrderedTasks workers(chunk_bytes, (2 * uint64_t{jobs} + 2) * k_chunk_bytes, jobs, [&](size_t c) {
    parsed_by[c] = std::this_thread::get_id();
    empty_bin();
    pending[chunks[c].first].parse_chunk(chunks[c].second);
  });
  AnalysisStream analysis(opts.analysis);
  result.analyses.reserve(n);
  size_t c = 0;
  for (size_t i = 0; i < n; ++i) {
    FileReport& fr = result.files[i];
    const ParsedFile& file = pending[i].file();
    fr.reported = !opts.report_file || opts.report_file(file.source.path);
    analysis.begin_file(file, i, pending[i].lexed_statements());
    for (size_t k = 0; k < pending[i].chunk_count(); ++k, ++c) {
      workers.wait_for(c);
      const size_t first = analysis.stmts().size();
      for (const Statement& st : pending[i].chunk_statements(k)) analysis.add(st);
      if (fr.reported) {
        for (size_t r = 0; r < nrules; ++r) {
          if (enabled[r]->scope != RuleScope::Statements) continue;
          RuleContext ctx{opts.analysis, file, analysis.stmts().subspan(first), nullptr, analysis.action_nodes()};
          DiagnosticSink sink(enabled[r]->info, i, per_file[i]);
          enabled[r]->check(ctx, sink);
        }
      }
      analysis.forget_trees();
      // The chunk's statements join the file's own vector now, not all at
      // once below: the file never holds two copies of them. The StmtInfo
      // pointers into the chunk go stale until they are set again below;
      // nothing reads them before then.
      {
        PendingParse::Remains remains = pending[i].retire_chunk(k);
        if (parsed_by[c] != std::this_thread::get_id()) {
          std::lock_guard<std::mutex> lock(bin_mutex);
          bin_of(parsed_by[c]).remains.push_back(std::move(remains));
        }
      }
      workers.release(c);
    }
    fr.parsed = std::move(pending[i]).finish();
    FileAnalysis fa = analysis.end_file();
    for (size_t j = 0; j < fa.stmts.size(); ++j)
      fa.stmts[j].stmt = &fr.parsed->statements[j];  // moved by retire_chunk()
    result.analyses.push_back(std::move(fa));
    fr.statements = fr.parsed->statements.size();
    fr.syntax_errors = static_cast<size_t>(std::count_if(fr.parsed->statements.begin(), fr.parsed->statements.end(),
                                                         [](const Statement& s) { return s.error != nullptr; }));
  }
  pending.clear();
  bins.clear();
  // The parse trees were built in the parsing threads' malloc arenas, and
  // freed there: the arenas keep that memory (several MB on a large file),
  // which nothing after the parse can use. Hand it back before the rules and
  // the report allocate theirs. (With one chunk, or one job, there were no
  // workers: a small run skips the call.) The trim hands back the main
  // heap's reserve too, which is then taken again.
  if (chunks.size() > 1 && jobs > 1) {
    ::malloc_trim(0);
    reserve_main_heap();
  }
  phase_done("parse+analyze");

  // The File-scope rules: each (file, rule) pair is a task, so one large
  // file spreads over the cores too. Below a few thousand statements the
  // rules take less time than starting threads (about 0.5 ms, a fifth of a
  // one-statement run), so they run here.
  constexpr size_t k_statements_worth_threads = 2000;
  size_t statements = 0;
  for (const FileReport& fr : result.files) statements += fr.statements;
  const unsigned rule_jobs = statements < k_statements_worth_threads ? 1 : opts.jobs;
  std::vector<const Rule*> file_rules;
  for (const Rule* r : enabled) {
    if (r->scope == RuleScope::File) file_rules.push_back(r);
  }
  parallel_for(n * file_rules.size(), rule_jobs, [&](size_t t) {
    size_t i = t / file_rules.size();
    const Rule& rule = *file_rules[t % file_rules.size()];
    if (!result.files[i].reported) return;
    RuleContext ctx{opts.analysis, *result.files[i].parsed, result.analyses[i].stmts, &result.analyses[i]};
    DiagnosticSink sink(rule.info, i, per_file[i], &file_locks[i]);
    rule.check(ctx, sink);
  });
  parallel_for(n, rule_jobs, [&](size_t i) {
    if (!result.files[i].reported) return;
    std::vector<Diagnostic>& out = per_file[i];
    apply_suppressions(*result.files[i].parsed, i, out, is_enabled);
    for (Diagnostic& d : out) {
      auto it = opts.severity.find(d.rule);
      if (it != opts.severity.end()) d.severity = it->second;
    }
    sort_findings(out);
  });
  // Joined without holding two copies: the first file's vector is taken as
  // it is, and each vector is freed once moved.
  size_t total = 0;
  for (const auto& v : per_file) total += v.size();
  for (auto& v : per_file) {
    if (result.diagnostics.empty()) {
      result.diagnostics = std::move(v);
      result.diagnostics.reserve(total);
    } else {
      std::move(v.begin(), v.end(), std::back_inserter(result.diagnostics));
    }
    v = {};
  }
  result.catalog = analysis.take_catalog();
  phase_done("rules");
  return result;
}

}  // namespace pgsafe
