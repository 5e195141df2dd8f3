// Phase timings for profiling: with PGSAFE_TIMINGS=1 in the environment,
// `phase_done("parse")` prints to stderr how long the pipeline spent since
// the previous phase ended. Off by default; costs one branch per phase.
#pragma once

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
  std::fprintf(stderr, "pgsafe: timing: %-10s %8.2f ms\n", name,
               std::chrono::duration<double, std::milli>(now - last).count());
  last = now;
}

}  // namespace pgsafe
