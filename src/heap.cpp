// Why pgsafe asks for transparent huge pages under malloc's heaps.
//
// Each 4 KB page malloc hands out is mapped by a page fault when it is
// first touched: the files read, their statements, analyses and findings,
// the parse trees. A run over the 3,620-file corpus took about 7,900 faults,
// at about 1.4 µs each on a virtual machine. With 2 MB pages under the
// heaps, one fault maps 512 times as much.
//
// Kernels whose transparent huge pages are in "madvise" mode (Debian's
// default) give 2 MB pages only to memory that asks for them with
// madvise(MADV_HUGEPAGE). glibc's malloc asks only when the environment
// says GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which it reads before main()
// runs, so pgsafe asks itself, for the two kinds of heap glibc has:
//  - The main heap (the first thread's) grows with brk. Its top pad
//    (M_TOP_PAD) is how much more than asked for it grows by: here 64 MB
//    of address space, which costs memory only once touched. The heap is
//    made to grow by it when the program starts, and the room is advised
//    (reserve_main_heap). The pad also keeps the heap from growing a page
//    or so at a time: with malloc's default, a lint of the corpus made about
//    1,800 mprotect calls, each taking the address space's lock for writing
//    and stalling the other threads' page faults; with an 8 MB pad, 34.
//    (The pad applies to thread heaps too: glibc makes a new one writable
//    up to it, or whole when the pad is more than it holds. A run of the
//    corpus makes 3 mprotect calls now.)
//  - Each other thread's arena lives in heaps that glibc maps at addresses
//    aligned to their maximum size, 64 MB on 64-bit systems
//    (HEAP_MAX_SIZE in glibc's malloc/arena.c), and grows inside them: the
//    64 MB around any block the thread allocates is its heap. (Were that
//    layout ever different, the advice would fall on another mapping of
//    this process, or on none, and only change how that mapping is paged.)
// Where transparent huge pages are off ("never"), madvise changes nothing;
// where they are "always", it is not needed; where the kernel lacks them,
// it fails, harmlessly.
//
// Measured on the corpus (interleaved runs, medians): 1,820 page faults
// instead of 7,900, 4.6% less CPU time and 6.5% less wall time; on the 3 MB
// bench file 1,640 faults instead of 5,620 and 5.8% less CPU time. A 2 MB
// page is all taken when first touched, so memory grows in larger steps:
// peak memory on the 3 MB file was 25.7 to 27.2 MB in three runs, against
// 25.4 MB.
//
// Under a sanitizer, or a malloc other than glibc's, none of this applies.
#include "heap.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>

#if PGSAFE_HEAP_ADVICE
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace pgsafe {

#if PGSAFE_HEAP_ADVICE
namespace {
// glibc's default threshold above which malloc maps a block on its own.
constexpr size_t k_mmap_threshold = size_t{128} << 10;
// glibc's HEAP_MAX_SIZE on 64-bit systems: a thread heap's size and alignment.
constexpr uintptr_t k_thread_heap = uintptr_t{64} << 20;

uintptr_t page_floor(uintptr_t at) {
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  return at & ~(page - 1);
}
}  // namespace

void reserve_main_heap() {
  ::mallopt(M_TOP_PAD, static_cast<int>(k_heap_reserve));
  // The heap's top chunk (keepcost: the room above the main heap's last
  // block in use, up to the break) is where it grows from. With less than
  // half a reserve there, a block of a quarter of one is taken and freed:
  // the heap grows by it and the pad. (Above malloc's threshold for mapping
  // a block on its own, 128 KB by default, so the threshold is raised while
  // it is taken, to its largest, 32 MB: with M_TOP_PAD set, malloc no
  // longer moves it itself.)
  // (mallinfo2 walks every arena's free blocks: it is asked again only
  // when the heap has grown.)
  size_t top = ::mallinfo2().keepcost;
  if (top < k_heap_reserve / 2 && ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_heap_reserve / 2)) == 1) {
    // Through a volatile pointer: a block freed unused may be left out.
    void* volatile block = std::malloc(k_heap_reserve / 4);  // NOLINT(cppcoreguidelines-no-malloc)
    std::free(block);                                        // NOLINT(cppcoreguidelines-no-malloc)
    ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_mmap_threshold));
    top = ::mallinfo2().keepcost;
  }
  // The heap is advised from the lowest start of its top chunk seen (the
  // first call comes when the heap is new, so about where it starts): the
  // top chunk, and free blocks below it whose pages malloc_trim() handed
  // back. Advice on pages in use changes nothing for them.
  const auto brk = reinterpret_cast<uintptr_t>(::sbrk(0));
  const uintptr_t top_from = page_floor(top <= brk ? brk - top : brk);
  static std::atomic<uintptr_t> lowest_from{UINTPTR_MAX};
  const uintptr_t from = std::min(lowest_from.load(std::memory_order_relaxed), top_from);
  lowest_from.store(from, std::memory_order_relaxed);
  if (brk > from) ::madvise(reinterpret_cast<void*>(from), brk - from, MADV_HUGEPAGE);
}

void advise_thread_heap() {
  void* block = std::malloc(1);  // NOLINT(cppcoreguidelines-no-malloc): gives the thread its arena
  const auto at = reinterpret_cast<uintptr_t>(block);
  std::free(block);  // NOLINT(cppcoreguidelines-no-malloc)
  // A thread that shares the main arena allocates below the break; the
  // main heap is advised on its own.
  if (block == nullptr || at < reinterpret_cast<uintptr_t>(::sbrk(0))) return;
  ::madvise(reinterpret_cast<void*>(at & ~(k_thread_heap - 1)), k_thread_heap, MADV_HUGEPAGE);
}
#else
void reserve_main_heap() {}
void advise_thread_heap() {}
#endif

}  // namespace pgsafe
