// `--jobs` 0: the cores the process may use, from its affinity mask and its
// cgroup's CPU quota (v1 and v2), read from a cgroup tree built here.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "cores.hpp"

using namespace pgsafe;
namespace fs = std::filesystem;

namespace {
// A scratch cgroup root, removed at the end.
struct CgroupTree {
  fs::path root = fs::temp_directory_path() / ("pgsafe-cores-" + std::to_string(::getpid()));
  CgroupTree() { fs::remove_all(root); }
  ~CgroupTree() { fs::remove_all(root); }
  CgroupTree(const CgroupTree&) = delete;
  CgroupTree& operator=(const CgroupTree&) = delete;
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  [[nodiscard]] unsigned limit(const std::string& proc_self_cgroup) const {
    return cgroup_cpu_limit(proc_self_cgroup, root.string());
  }
};
}  // namespace

TEST_CASE("cores: cgroup v2 cpu.max, the tightest of the group and its ancestors, rounded up", "[cores]") {
  CgroupTree t;
  t.write("a/b/cpu.max", "150000 100000\n");
  t.write("a/cpu.max", "max 100000\n");
  CHECK(t.limit("0::/a/b\n") == 2);
  t.write("a/cpu.max", "50000 100000\n");  // the parent's quota is tighter
  CHECK(t.limit("0::/a/b\n") == 1);
  t.write("a/cpu.max", "max 100000\n");
  t.write("a/b/cpu.max", "max 100000\n");
  CHECK(t.limit("0::/a/b\n") == 0);  // no quota anywhere
  // A container's own group is the root of its cgroup namespace: "0::/".
  t.write("cpu.max", "400000 100000\n");
  CHECK(t.limit("0::/\n") == 4);
}

TEST_CASE("cores: cgroup v1 cpu.cfs_quota_us, also when the named group is not under the mount", "[cores]") {
  CgroupTree t;
  t.write("cpu,cpuacct/docker/x/cpu.cfs_quota_us", "250000\n");
  t.write("cpu,cpuacct/docker/x/cpu.cfs_period_us", "100000\n");
  const std::string proc = "12:memory:/docker/x\n4:cpu,cpuacct:/docker/x\n1:name=systemd:/docker/x\n";
  CHECK(t.limit(proc) == 3);
  t.write("cpu,cpuacct/docker/x/cpu.cfs_quota_us", "-1\n");  // unlimited
  CHECK(t.limit(proc) == 0);
  // Inside the container the mount shows its own group at the top.
  CgroupTree inside;
  inside.write("cpu/cpu.cfs_quota_us", "50000\n");
  inside.write("cpu/cpu.cfs_period_us", "100000\n");
  CHECK(inside.limit("3:cpu:/docker/x\n") == 1);
}

TEST_CASE("cores: no quota from unreadable or malformed input", "[cores]") {
  CgroupTree t;
  CHECK(t.limit("") == 0);
  CHECK(t.limit("0::/nowhere\n") == 0);
  CHECK(t.limit("garbage\n4:cpu\n") == 0);
  t.write("cpu.max", "lots 100000\n");
  CHECK(t.limit("0::/\n") == 0);
  t.write("cpu.max", "100000 0\n");
  CHECK(t.limit("0::/\n") == 0);
}

TEST_CASE("cores: this process may use at least one core and no more than are online", "[cores]") {
  const unsigned n = available_cores();
  CHECK(n >= 1);
  CHECK(n <= std::max(1u, std::thread::hardware_concurrency()));
}
