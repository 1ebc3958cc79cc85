//===- KernelAlloc.cpp - what compiled kernels allocate with --------------===//
//
// deform_kernel_alloc / deform_kernel_free with a small per-thread cache of
// freed blocks. Every tile of a kernel allocates the same scratch, and every
// call the same buffers; glibc hands large blocks back to the kernel when
// they are freed, so without the cache each of them pays its page faults
// again (1.5x on a small convolution). Blocks stay plain malloc blocks: a
// result the kernel returns is freed by its caller with free().
//
//===----------------------------------------------------------------------===//

#include "deform/runtime/deform_runtime.h"

#include <atomic>
#include <cstdlib>

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#include <pthread.h>
#define DEFORM_HAVE_USABLE_SIZE 1
#endif

// Under AddressSanitizer a cached block is poisoned, and only the requested
// bytes are unpoisoned when it is reused: a kernel that touches a freed
// buffer, or past the end of a reused one, is still reported. Where user
// poisoning is off (the tools' sanitizer builds: allow_user_poisoning=0)
// nothing is cached, so that ASan sees every free.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DEFORM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define DEFORM_ASAN 1
#endif
#ifdef DEFORM_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

namespace {
#ifdef DEFORM_ASAN
bool cacheAllowed() {
  static const bool allowed = [] {
    alignas(8) static char probe[8];
    ASAN_POISON_MEMORY_REGION(probe, sizeof probe);
    bool poisoned = __asan_address_is_poisoned(probe);
    ASAN_UNPOISON_MEMORY_REGION(probe, sizeof probe);
    return poisoned;
  }();
  return allowed;
}
#else
constexpr bool cacheAllowed() { return true; }
#endif

constexpr int kCachedBlocks = 8;
constexpr size_t kMaxCachedBlock = size_t(32) << 20; // larger: freed at once
constexpr size_t kMaxCachedBytes = size_t(64) << 20; // per thread

struct Block {
  void *p;
  size_t bytes;
};

/// Plain data (no destructor): it stays usable after the thread's
/// destructors ran, when `closed` sends blocks straight to free().
struct ScratchCache {
  Block blocks[kCachedBlocks]; // blocks[0] the oldest
  int count;
  size_t bytes;
  bool closed;
};
thread_local ScratchCache cache;

void releaseAll(ScratchCache &c) {
  for (int i = 0; i < c.count; ++i)
    std::free(c.blocks[i].p);
  c.count = 0;
  c.bytes = 0;
}

#ifdef DEFORM_HAVE_USABLE_SIZE
/// Frees a thread's cached blocks when the thread ends. A pthread key
/// rather than a thread_local object with a destructor: that one makes glibc
/// allocate a registration node in every thread that frees kernel memory,
/// even where nothing is cached (LeakSanitizer once reported such a node:
/// test/fuzz/findings kernels-12). The key is set only in threads that cache.
void closeCache(void *cachePtr) {
  ScratchCache &c = *static_cast<ScratchCache *>(cachePtr);
  releaseAll(c);
  c.closed = true;
}

/// exit() runs no key destructor for the thread that calls it.
void closeExitingThreadCache() { closeCache(&cache); }

pthread_key_t closerKey;
bool closerReady = false;
void createCloserKey() {
  closerReady = pthread_key_create(&closerKey, closeCache) == 0 &&
                std::atexit(closeExitingThreadCache) == 0;
}

/// Whether this thread's cache will be freed when the thread ends; nothing
/// may be cached otherwise.
bool closerRegistered(ScratchCache &c) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, createCloserKey);
  if (!closerReady)
    return false;
  return pthread_getspecific(closerKey) == &c ||
         pthread_setspecific(closerKey, &c) == 0;
}
#endif

void removeAt(ScratchCache &c, int i) {
  c.bytes -= c.blocks[i].bytes;
  for (int j = i + 1; j < c.count; ++j)
    c.blocks[j - 1] = c.blocks[j];
  --c.count;
}

/// The smallest cached block of at least `bytes` and at most twice that (a
/// much larger one would stay pinned under a small buffer).
void *takeCached(size_t bytes) {
  ScratchCache &c = cache;
  int best = -1;
  for (int i = 0; i < c.count; ++i)
    if (c.blocks[i].bytes >= bytes && c.blocks[i].bytes / 2 <= bytes &&
        (best < 0 || c.blocks[i].bytes < c.blocks[best].bytes))
      best = i;
  if (best < 0)
    return nullptr;
  void *p = c.blocks[best].p;
  removeAt(c, best);
  ASAN_UNPOISON_MEMORY_REGION(p, bytes);
  return p;
}

std::atomic<uint64_t> kernelAllocFailures{0};
} // namespace

extern "C" void *deform_kernel_alloc(int64_t bytes) {
  if (bytes < 0) {
    kernelAllocFailures.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  size_t n = bytes ? size_t(bytes) : 1;
  if (void *p = takeCached(n))
    return p;
  void *p = std::malloc(n);
  if (!p)
    kernelAllocFailures.fetch_add(1, std::memory_order_relaxed);
  return p;
}

extern "C" void deform_kernel_free(void *p) {
  if (!p)
    return;
#ifdef DEFORM_HAVE_USABLE_SIZE
  ScratchCache &c = cache;
  size_t bytes = malloc_usable_size(p);
  if (!c.closed && bytes <= kMaxCachedBlock && cacheAllowed() &&
      closerRegistered(c)) {
    while (c.count > 0 &&
           (c.count == kCachedBlocks || c.bytes + bytes > kMaxCachedBytes)) {
      std::free(c.blocks[0].p);
      removeAt(c, 0);
    }
    ASAN_POISON_MEMORY_REGION(p, bytes);
    c.blocks[c.count++] = {p, bytes};
    c.bytes += bytes;
    return;
  }
#endif
  std::free(p);
}

extern "C" void deform_kernel_release_cache(void) { releaseAll(cache); }

extern "C" uint64_t deform_kernel_alloc_failures(void) {
  return kernelAllocFailures.load(std::memory_order_relaxed);
}
