#include "crew.hpp"

#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "heap.hpp"

namespace pgsafe {
namespace {

// The kept threads. Each has a slot of its own, with its own condition
// variable, so handing out a job wakes that thread alone.
class Pool {
 public:
  // Never destroyed: threads asleep at exit end with the process. (Joining
  // them would hang if exit() came while a crew was running.)
  static Pool& get() {
    static Pool* pool = new Pool;
    return *pool;
  }

  // Runs work() and then done() on a free thread. done() is called once the
  // thread is free again, so whoever it wakes can hand the thread more work.
  void run(std::function<void()> work, std::function<void()> done) {
    std::lock_guard<std::mutex> lock(m_mutex);
    Slot* s = nullptr;
    if (m_idle.empty()) {
      m_slots.push_back(std::make_unique<Slot>());
      s = m_slots.back().get();
      std::thread([this, s] { serve(*s); }).detach();
    } else {
      s = m_idle.back();
      m_idle.pop_back();
    }
    s->work = std::move(work);
    s->done = std::move(done);
    s->cv.notify_one();
  }

  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

 private:
  Pool() = default;

  struct Slot {
    std::condition_variable cv;
    // Guarded by m_mutex; work is empty when the thread is free.
    std::function<void()> work;
    std::function<void()> done;
  };

  void serve(Slot& s) {
    advise_thread_heap();
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
      s.cv.wait(lock, [&] { return static_cast<bool>(s.work); });
      std::function<void()> work = std::move(s.work);
      std::function<void()> done = std::move(s.done);
      s.work = nullptr;
      s.done = nullptr;
      lock.unlock();
      work();
      work = nullptr;
      lock.lock();
      m_idle.push_back(&s);
      lock.unlock();
      done();
      done = nullptr;
      lock.lock();
    }
  }

  std::mutex m_mutex;
  std::vector<std::unique_ptr<Slot>> m_slots;  // guarded by m_mutex
  std::vector<Slot*> m_idle;                   // guarded by m_mutex
};

}  // namespace

Crew::Crew(unsigned n, std::function<void(unsigned)> body) : m_body(std::move(body)), m_running(n) {
  for (unsigned t = 0; t < n; ++t) {
    Pool::get().run([this, t] { m_body(t); },
                    [this] {
                      // The crew may be destroyed as soon as the lock is released.
                      std::lock_guard<std::mutex> lock(m_mutex);
                      if (--m_running == 0) m_done_cv.notify_all();
                    });
  }
}

void Crew::wait() {
  std::unique_lock<std::mutex> lock(m_mutex);
  m_done_cv.wait(lock, [&] { return m_running == 0; });
}

}  // namespace pgsafe
