// Phase timings for profiling: with PGSAFE_TIMINGS=1 in the environment,
// `phase_done("parse")` prints to stderr how long the pipeline spent since
// the previous phase ended (wall time, and the CPU time of all threads: the
// first phase's is everything before it), the page faults taken meanwhile,
// the process's resident and peak memory where /proc/self/status tells them
// (resident: anonymous memory, and file pages such as the program's own),
// and how much of the heap malloc has handed out. Off by default; costs one
// branch per phase.
#pragma once

#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace pgsafe {

inline void phase_done(const char* name) {
  using Clock = std::chrono::steady_clock;
  static const bool on = [] {
    const char* v = std::getenv("PGSAFE_TIMINGS");
    return v != nullptr && *v != '\0' && *v != '0';
  }();
  if (!on) return;
  static Clock::time_point last = Clock::now();
  Clock::time_point now = Clock::now();
  // The CPU time of all the process's threads, user and system: against
  // the wall time it shows how much of the phase ran in parallel.
  static double last_cpu_ms = 0;
  static long last_faults = 0;
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  const double cpu_ms = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                        static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
  long rss_kb = -1, peak_kb = -1, anon_kb = -1, file_kb = -1;
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      std::sscanf(line, "VmRSS: %ld", &rss_kb);
      std::sscanf(line, "VmHWM: %ld", &peak_kb);
      std::sscanf(line, "RssAnon: %ld", &anon_kb);
      std::sscanf(line, "RssFile: %ld", &file_kb);
    }
    std::fclose(f);
  }
  const struct mallinfo2 heap = ::mallinfo2();  // all arenas
  std::fprintf(stderr,
               "pgsafe: timing: %-10s %8.2f ms  cpu %8.2f ms  faults %6ld  rss %6.1f MB  peak %6.1f MB  "
               "(anon %.1f, file %.1f; malloc in use %.1f MB)\n",
               name, std::chrono::duration<double, std::milli>(now - last).count(), cpu_ms - last_cpu_ms,
               ru.ru_minflt + ru.ru_majflt - last_faults, static_cast<double>(rss_kb) / 1024,
               static_cast<double>(peak_kb) / 1024, static_cast<double>(anon_kb) / 1024,
               static_cast<double>(file_kb) / 1024, static_cast<double>(heap.uordblks + heap.hblkhd) / (1024 * 1024));
  last = now;
  last_cpu_ms = cpu_ms;
  last_faults = ru.ru_minflt + ru.ru_majflt;
}

}  // namespace pgsafe
