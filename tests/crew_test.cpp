// Crew: the kept threads that every parallel step of a run borrows.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "crew.hpp"

using namespace pgsafe;

namespace {
// Waits until `n` threads have arrived, or gives up after ten seconds (so a
// crew that ran its bodies one after another fails the test, not hangs it).
struct Meeting {
  explicit Meeting(unsigned n) : expected(n) {}
  bool arrive() {
    std::unique_lock<std::mutex> lock(mutex);
    if (++arrived == expected) cv.notify_all();
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return arrived >= expected; });
  }
  unsigned expected;
  unsigned arrived = 0;
  std::mutex mutex;
  std::condition_variable cv;
};
}  // namespace

TEST_CASE("crew: the n bodies run at once, each with its own index, and wait() sees them all done", "[crew]") {
  for (unsigned n : {1u, 3u, 8u}) {
    Meeting all(n + 1);  // the bodies and this thread
    std::vector<int> seen(n, 0);
    std::atomic<bool> met{true};
    std::atomic<unsigned> finished{0};
    Crew crew(n, [&](unsigned t) {
      seen[t] += 1;
      if (!all.arrive()) met = false;
      ++finished;
    });
    CHECK(all.arrive());
    crew.wait();
    CHECK(met);
    CHECK(finished == n);
    CHECK(seen == std::vector<int>(n, 1));
    crew.wait();  // a second wait returns at once
  }
}

TEST_CASE("crew: an empty crew runs nothing", "[crew]") {
  bool ran = false;
  Crew crew(0, [&](unsigned) { ran = true; });
  crew.wait();
  CHECK_FALSE(ran);
}

TEST_CASE("crew: later crews reuse the threads of earlier ones", "[crew]") {
  std::mutex mutex;
  std::set<std::thread::id> ids;
  for (int round = 0; round < 50; ++round) {
    Crew crew(2, [&](unsigned) {
      std::lock_guard<std::mutex> lock(mutex);
      ids.insert(std::this_thread::get_id());
    });
  }
  // Fifty crews of two, one after another: a new thread per body would be
  // a hundred; kept threads are a few (others' crews may hold some).
  CHECK(ids.size() < 20);
  CHECK(ids.count(std::this_thread::get_id()) == 0);
}

TEST_CASE("crew: a body may start and wait for a crew of its own", "[crew]") {
  std::atomic<unsigned> inner{0};
  Meeting outer(3);
  Crew crew(3, [&](unsigned) {
    // All three outer bodies hold their threads while the inner crews run,
    // so the inner ones need threads of their own.
    outer.arrive();
    Crew nested(2, [&](unsigned) { ++inner; });
    nested.wait();
  });
  crew.wait();
  CHECK(inner == 6);
}
