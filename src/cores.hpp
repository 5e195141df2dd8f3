// How many threads `--jobs` 0 (the default) means: see cores.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pgsafe {

// The cores this process may use: the CPUs in its affinity mask, capped by
// the CPU quota of its cgroup and the cgroups above it (rounded up); at
// least 1. Worked out once.
unsigned available_cores();

// The CPU quota in cores (rounded up) that `proc_self_cgroup`, the text of
// /proc/self/cgroup, puts on the process, reading the cgroup files under
// `root` (/sys/fs/cgroup): cgroup v2's cpu.max, or v1's cpu.cfs_quota_us
// and cpu.cfs_period_us; 0 for no quota.
unsigned cgroup_cpu_limit(std::string_view proc_self_cgroup, const std::string& root);

}  // namespace pgsafe
