// Crew: a few of the process's kept threads, running one body at once.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

namespace pgsafe {

// Runs body(0), ..., body(n - 1), each on a thread of its own, all at once;
// wait() (or the destructor) returns once all n have returned.
//
// The threads are kept for the life of the process and sleep between
// crews, rather than being started for each parallel step. A run starts up
// to six such steps (read, lex, parse, two for the rules, report), and a
// new thread often waited a whole scheduler tick (4 ms on this kernel) to
// be given the idle core: on the 3 MB bench file the lexing ran on one core
// in 9 of 16 runs and the rules in 5, their wall time equal to their CPU
// time. A thread that already ran on that core and sleeps there is woken
// on it at once: over 60 trials, none waited more than 0.3 ms, where 5% of
// new threads waited 3 ms; the rules have not run on one core since. (The
// lexing of a single file still may: its crew is the run's first.)
//
// A body may start a crew of its own: when no kept thread is free, another
// is started, so crews never wait for each other's threads. A body must
// not throw (as with std::thread, an exception ends the process).
class Crew {
 public:
  Crew(unsigned n, std::function<void(unsigned)> body);
  ~Crew() { wait(); }
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;

  void wait();

 private:
  std::function<void(unsigned)> m_body;
  std::mutex m_mutex;
  std::condition_variable m_done_cv;
  unsigned m_running;  // guarded by m_mutex
};

}  // namespace pgsafe
