#include <catch2/catch.hpp>

#include <malloc.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "crew.hpp"
#include "heap.hpp"

using namespace pgsafe;

namespace {
// The VmFlags line of the mapping of this process that holds `at`, from
// /proc/self/smaps; "" when no mapping holds it.
std::string vm_flags_at(uintptr_t at) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    // A mapping's first line: "start-end perms offset dev inode [path]".
    const size_t dash = line.find('-');
    const size_t space = line.find(' ');
    if (dash != std::string::npos && space != std::string::npos && dash < space &&
        line.find_first_not_of("0123456789abcdef") == dash) {
      const uintptr_t start = std::stoull(line.substr(0, dash), nullptr, 16);
      const uintptr_t end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
      inside = start <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

// Whether a VmFlags line has the flag madvise(MADV_HUGEPAGE) sets.
bool advised(const std::string& flags) { return (flags + " ").find(" hg ") != std::string::npos; }

// Whether this kernel has transparent huge pages at all (else madvise
// refuses the advice, as heap.cpp expects).
bool kernel_has_thp() { return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good(); }
}  // namespace

TEST_CASE("the main heap's reserve is advised for huge pages", "[heap]") {
  if (!PGSAFE_HEAP_ADVICE || !kernel_has_thp()) {
    WARN("no heap advice in this build or on this kernel");
    return;
  }
  reserve_main_heap();
  // At least half a reserve of room at the heap's top (had there been
  // less, the heap was made to grow by a reserve).
  CHECK(::mallinfo2().keepcost >= k_heap_reserve / 2);
  // The reserve is the heap's top: the last byte below the break.
  const auto top = reinterpret_cast<uintptr_t>(::sbrk(0)) - 1;
  const std::string flags = vm_flags_at(top);
  INFO(flags);
  CHECK(advised(flags));
}

TEST_CASE("a kept thread's heap is advised for huge pages", "[heap]") {
  if (!PGSAFE_HEAP_ADVICE || !kernel_has_thp()) {
    WARN("no heap advice in this build or on this kernel");
    return;
  }
  // Blocks that two crew threads allocate (and keep until they are looked
  // up) lie in mappings with the advice.
  void* blocks[2] = {nullptr, nullptr};
  {
    Crew crew(2, [&](unsigned t) { blocks[t] = std::malloc(1000); });  // NOLINT(cppcoreguidelines-no-malloc)
  }
  for (void* b : blocks) {
    REQUIRE(b != nullptr);
    const std::string flags = vm_flags_at(reinterpret_cast<uintptr_t>(b));
    INFO(flags);
    CHECK(advised(flags));
    std::free(b);  // NOLINT(cppcoreguidelines-no-malloc)
  }
}
