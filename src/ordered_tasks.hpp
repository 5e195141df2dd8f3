// OrderedTasks: tasks run in parallel whose results are used in order.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cores.hpp"
#include "crew.hpp"

namespace pgsafe {

// `--jobs` as threads: 0 means one per core this process may use.
inline unsigned resolve_jobs(unsigned jobs) { return jobs != 0 ? jobs : available_cores(); }

// Runs task(0..n-1), handing the tasks out in order, on jobs-1 worker
// threads and on the calling thread: wait_for(c) returns once task c has
// finished, and while it is unfinished the caller runs the next unstarted
// task itself rather than sleeping, so `jobs` threads are busy in all and
// none more (a third thread on two cores only adds switching). release(c)
// says task c's result has been used. Task i weighs sizes[i] and the
// workers stay at most `budget` past the last release, so the results
// waiting to be used (parse trees, formatted output) take bounded memory.
// The parse weighs its chunks in bytes of input rather than counting them:
// with a count, thousands of small files had every worker sleep and wake
// once per file. With one job there are no threads: wait_for(c) runs the
// tasks up to c itself. wait_for and release are called from one thread.
class OrderedTasks {
 public:
  OrderedTasks(const std::vector<uint64_t>& sizes, uint64_t budget, unsigned jobs, std::function<void(size_t)> task)
      : m_n(sizes.size()), m_task(std::move(task)), m_done(std::make_unique<bool[]>(m_n)), m_budget(budget) {
    jobs = static_cast<unsigned>(std::min<size_t>(resolve_jobs(jobs), m_n));
    if (jobs <= 1) return;
    m_offsets.resize(m_n + 1);
    for (size_t i = 0; i < m_n; ++i) m_offsets[i + 1] = m_offsets[i] + sizes[i];
    m_crew = std::make_unique<Crew>(jobs - 1, [this](unsigned) {
      for (size_t i = m_next++; i < m_n; i = m_next++) {
        {
          std::unique_lock<std::mutex> lock(m_mutex);
          m_released_cv.wait(lock, [&] { return may_start(i); });
        }
        run(i);
      }
    });
  }
  ~OrderedTasks() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_released = m_n;  // let any waiting worker finish
    }
    m_released_cv.notify_all();
    m_crew.reset();
  }
  OrderedTasks(const OrderedTasks&) = delete;
  OrderedTasks& operator=(const OrderedTasks&) = delete;

  void wait_for(size_t c) {
    if (!m_crew) {
      for (size_t i = m_next; i <= c; i = ++m_next) m_task(i);
      return;
    }
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_done[c]) return;
      }
      // Help: take the next task if no worker has and the budget allows it
      // (only this thread moves m_released, so reading it here is safe).
      size_t j = m_next.load();
      if (j < m_n && may_start(j)) {
        if (m_next.compare_exchange_strong(j, j + 1)) run(j);
        continue;
      }
      std::unique_lock<std::mutex> lock(m_mutex);
      m_done_cv.wait(lock, [&] { return m_done[c]; });
      return;
    }
  }

  void release(size_t c) {
    if (!m_crew) return;
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_released = c + 1;
    }
    m_released_cv.notify_all();
  }

 private:
  // Whether task i may start now: it is the next one to be used, or the
  // tasks from there through i fit in the budget.
  [[nodiscard]] bool may_start(size_t i) const {
    return i <= m_released || m_offsets[i + 1] - m_offsets[m_released] <= m_budget;
  }
  void run(size_t i) {
    m_task(i);
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_done[i] = true;
    }
    m_done_cv.notify_one();  // only the calling thread waits for tasks to finish
  }

  size_t m_n;
  std::function<void(size_t)> m_task;
  std::unique_ptr<bool[]> m_done;  // guarded by m_mutex
  uint64_t m_budget;
  std::vector<uint64_t> m_offsets;  // m_offsets[i]: the sizes of tasks [0, i)
  size_t m_released = 0;            // tasks [0, m_released) are used; written under m_mutex by the caller only
  std::atomic<size_t> m_next{0};
  std::mutex m_mutex;
  std::condition_variable m_done_cv;      // the caller waits on it for a task
  std::condition_variable m_released_cv;  // the workers wait on it for the budget
  std::unique_ptr<Crew> m_crew;           // the workers; none with one job
};

// Findings per batch when a reporter formats them with format_in_order:
// enough that a batch outweighs handing it over (32 findings are about
// 18 KB of JSON), few enough that a short report stays on one thread and
// the buffers stay small: 2*jobs+2 of them wait at a time, and at 128
// findings a batch they added 0.7 MB to the peak of the 3 MB bench file.
inline constexpr size_t k_report_batch = 32;

// Writes the output of items [0, n) in order through `emit`, formatting
// batches of `batch` items on up to `jobs` threads (0: one per core) while
// this thread emits the batches already done: format(first, last, buf)
// appends items [first, last) to buf and must not depend on the other
// batches, so the output is the same for any number of threads. At most
// 2*jobs+2 formatted batches wait at a time, in buffers that are reused
// (fresh buffers for every batch cost more in page faults than the
// formatting they share out).
inline void format_in_order(size_t n, size_t batch, unsigned jobs,
                            const std::function<void(size_t, size_t, std::string&)>& format,
                            const std::function<void(std::string_view)>& emit) {
  const size_t batches = (n + batch - 1) / batch;
  jobs = batches < 2 ? 1 : resolve_jobs(jobs);
  // Batch b may start only once batch b - window has been emitted, so
  // buffer b % window is free for it.
  const size_t window = 2 * size_t{jobs} + 2;
  std::vector<std::string> buffers(std::min(window, batches));
  OrderedTasks tasks(std::vector<uint64_t>(batches, 1), window, jobs,
                     [&](size_t b) { format(b * batch, std::min(n, (b + 1) * batch), buffers[b % window]); });
  for (size_t b = 0; b < batches; ++b) {
    tasks.wait_for(b);
    emit(buffers[b % window]);
    buffers[b % window].clear();
    tasks.release(b);
  }
}

}  // namespace pgsafe
