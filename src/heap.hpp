// malloc's heaps on transparent huge pages: see heap.cpp.
#pragma once

#include <cstddef>

// Whether the heaps are advised: with glibc's malloc on Linux, and not
// under a sanitizer (which brings a malloc of its own).
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define PGSAFE_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PGSAFE_SANITIZED 1
#endif
#if defined(__linux__) && defined(__GLIBC__) && !defined(PGSAFE_SANITIZED)
#define PGSAFE_HEAP_ADVICE 1
#else
#define PGSAFE_HEAP_ADVICE 0
#endif

namespace pgsafe {

// Gives malloc's main heap (the first thread's) a reserve of address space
// at its top, and asks the kernel to back the reserve with 2 MB pages.
// Called when the program starts, and again after malloc_trim(), which
// hands the reserve back.
void reserve_main_heap();

// Asks for 2 MB pages under the calling thread's own malloc heap, if it has
// one. A kept thread (crew.cpp) calls it once, when it starts.
void advise_thread_heap();

// The size of the reserve: address space, not memory.
inline constexpr size_t k_heap_reserve = size_t{64} << 20;

}  // namespace pgsafe
