// The cores pgsafe may use, for `--jobs` 0 (the default). The number of
// online CPUs (std::thread::hardware_concurrency) is not it: a process pinned
// to some CPUs (taskset, a container's cpuset) or given a CPU quota (a
// container's --cpus, a Kubernetes CPU limit: a cgroup's cpu.max or
// cpu.cfs_quota_us) that starts a thread per online CPU runs more threads
// than it has cores, and on a two-core machine four threads were 40% slower
// than two on the corpus. So: the CPUs in the affinity mask, capped by the
// quota of the process's cgroup and every cgroup above it, rounded up.
#include "cores.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

namespace pgsafe {
namespace {

// The first line of a file, or "" if it cannot be read.
std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
  return line;
}

std::optional<int64_t> to_int(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// ceil(quota / period), or 0 for no limit (or a value that makes no sense).
unsigned cores_of(std::optional<int64_t> quota, std::optional<int64_t> period) {
  if (!quota || !period || *quota <= 0 || *period <= 0) return 0;
  return static_cast<unsigned>(std::max<int64_t>(1, (*quota + *period - 1) / *period));
}

// The smaller of two limits, 0 meaning none.
unsigned tighter(unsigned a, unsigned b) { return a == 0 ? b : b == 0 ? a : std::min(a, b); }

// A cgroup path and each of its ancestors, deepest first, under `mount`.
template <class F>
void up_from(const std::string& mount, std::string_view path, F&& f) {
  std::string rel(path);
  while (!rel.empty() && rel.back() == '/') rel.pop_back();
  for (;;) {
    f(mount + rel);
    if (rel.empty()) return;
    const size_t slash = rel.rfind('/');
    rel.erase(slash == std::string::npos ? 0 : slash);
  }
}

}  // namespace

unsigned cgroup_cpu_limit(std::string_view proc_self_cgroup, const std::string& root) {
  unsigned limit = 0;
  std::istringstream lines{std::string(proc_self_cgroup)};
  std::string line;
  while (std::getline(lines, line)) {
    // "hierarchy-ID:controller-list:path"
    const size_t a = line.find(':');
    const size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string_view controllers = std::string_view(line).substr(a + 1, b - a - 1);
    const std::string_view path = std::string_view(line).substr(b + 1);
    if (controllers.empty()) {
      // cgroup v2: cpu.max is "max PERIOD" or "QUOTA PERIOD".
      up_from(root, path, [&](const std::string& dir) {
        const std::string max = first_line(dir + "/cpu.max");
        const size_t space = max.find(' ');
        if (space == std::string::npos) return;
        limit = tighter(limit, cores_of(to_int(std::string_view(max).substr(0, space)),
                                        to_int(std::string_view(max).substr(space + 1))));
      });
      continue;
    }
    // cgroup v1: the cpu controller, mounted alone or with cpuacct. Inside a
    // container the path named here may not exist under the mount (which
    // then shows the container's own group), so every level up to the
    // mount is read.
    bool cpu = false;
    for (size_t i = 0; i <= controllers.size();) {
      const size_t j = std::min(controllers.find(',', i), controllers.size());
      cpu = cpu || controllers.substr(i, j - i) == "cpu";
      i = j + 1;
    }
    if (!cpu) continue;
    for (const char* dir : {"/cpu,cpuacct", "/cpuacct,cpu", "/cpu"}) {
      up_from(root + dir, path, [&](const std::string& d) {
        limit = tighter(
            limit, cores_of(to_int(first_line(d + "/cpu.cfs_quota_us")), to_int(first_line(d + "/cpu.cfs_period_us"))));
      });
    }
  }
  return limit;
}

unsigned available_cores() {
  static const unsigned cores = [] {
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
    std::ifstream in("/proc/self/cgroup");
    std::stringstream text;
    text << in.rdbuf();
    return std::max(1u, tighter(n, cgroup_cpu_limit(text.str(), "/sys/fs/cgroup")));
  }();
  return cores;
}

}  // namespace pgsafe
