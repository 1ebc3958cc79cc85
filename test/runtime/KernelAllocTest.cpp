//===- KernelAllocTest.cpp - deform_kernel_alloc's per-thread block cache -===//
#include "deform/runtime/deform_runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TEST_UNDER_ASAN 1
#endif
#ifdef TEST_UNDER_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#endif

namespace {
constexpr int64_t kMiB = int64_t(1) << 20;

/// Whether the runtime caches blocks: always, except under AddressSanitizer
/// with user poisoning off (ctest runs these with allow_user_poisoning=1).
bool cacheActive() {
#ifdef TEST_UNDER_ASAN
  alignas(8) static char probe[8];
  ASAN_POISON_MEMORY_REGION(probe, sizeof probe);
  bool on = __asan_address_is_poisoned(probe);
  ASAN_UNPOISON_MEMORY_REGION(probe, sizeof probe);
  return on;
#else
  return true;
#endif
}

// Every test starts and ends with an empty cache on its thread.
struct KernelAlloc : ::testing::Test {
  void SetUp() override {
    if (!cacheActive())
      GTEST_SKIP() << "AddressSanitizer without allow_user_poisoning=1: "
                      "the runtime caches nothing";
    deform_kernel_release_cache();
  }
  void TearDown() override { deform_kernel_release_cache(); }
};

TEST_F(KernelAlloc, FreedBlockIsTheNextAllocationOfItsSize) {
  void *p = deform_kernel_alloc(kMiB);
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, kMiB);
  deform_kernel_free(p);
  void *q = deform_kernel_alloc(kMiB);
  EXPECT_EQ(q, p);
  std::memset(q, 2, kMiB); // the whole block is usable again
  void *r = deform_kernel_alloc(kMiB); // q is in use: a new block
  EXPECT_NE(r, q);
  deform_kernel_free(q);
  deform_kernel_free(r);
}

TEST_F(KernelAlloc, SmallRequestDoesNotPinALargeBlock) {
  void *big = deform_kernel_alloc(4 * kMiB);
  deform_kernel_free(big);
  void *small = deform_kernel_alloc(kMiB); // under half of it
  EXPECT_NE(small, big);
  void *half = deform_kernel_alloc(3 * kMiB); // within twice: reused
  EXPECT_EQ(half, big);
  void *larger = deform_kernel_alloc(8 * kMiB); // nothing cached fits
  EXPECT_NE(larger, big);
  deform_kernel_free(small);
  deform_kernel_free(half);
  deform_kernel_free(larger);
}

TEST_F(KernelAlloc, BlocksArePlainMallocBlocks) {
  // A result the kernel returns is freed by the application with free(),
  // a reused block included (AddressSanitizer checks the frees).
  void *p = deform_kernel_alloc(3 * kMiB);
  deform_kernel_free(p);
  void *q = deform_kernel_alloc(3 * kMiB);
  ASSERT_EQ(q, p);
  std::free(q);
  std::free(deform_kernel_alloc(100));
  deform_kernel_free(nullptr); // nothing
}

TEST_F(KernelAlloc, CacheKeepsTheNewestEightBlocks) {
  std::vector<void *> blocks;
  for (int i = 0; i < 12; ++i)
    blocks.push_back(deform_kernel_alloc(kMiB));
  for (void *p : blocks)
    deform_kernel_free(p);
  std::set<void *> newest(blocks.begin() + 4, blocks.end());
  std::set<void *> reused;
  for (int i = 0; i < 8; ++i)
    reused.insert(deform_kernel_alloc(kMiB));
  EXPECT_EQ(reused, newest);
  void *fresh = deform_kernel_alloc(kMiB); // the oldest four were freed
  EXPECT_EQ(reused.count(fresh), 0u);
  reused.insert(fresh);
  for (void *p : reused)
    deform_kernel_free(p);
}

TEST_F(KernelAlloc, CacheHoldsAtMost64MiB) {
  // Three blocks of 24 MiB: the third evicts the first.
  void *a = deform_kernel_alloc(24 * kMiB), *b = deform_kernel_alloc(24 * kMiB),
       *c = deform_kernel_alloc(24 * kMiB);
  deform_kernel_free(a);
  deform_kernel_free(b);
  deform_kernel_free(c);
  std::set<void *> reused = {deform_kernel_alloc(24 * kMiB),
                             deform_kernel_alloc(24 * kMiB)};
  EXPECT_EQ(reused, (std::set<void *>{b, c}));
  for (void *p : reused)
    deform_kernel_free(p);
}

TEST_F(KernelAlloc, ReleaseCacheFreesTheBlocks) {
  void *p = deform_kernel_alloc(kMiB);
  deform_kernel_free(p);
  deform_kernel_release_cache();
  void *keep = deform_kernel_alloc(kMiB / 4); // may take p's memory back
  void *q = deform_kernel_alloc(kMiB);
  // Not a cache hit: q is a fresh block (malloc may give the address back,
  // so only the cache's own bookkeeping is checked: q is usable and freed).
  std::memset(q, 3, kMiB);
  deform_kernel_free(q);
  deform_kernel_free(keep);
}

TEST_F(KernelAlloc, EachThreadHasItsOwnCache) {
  void *p = deform_kernel_alloc(kMiB);
  deform_kernel_free(p);
  void *other = nullptr;
  std::thread t([&] {
    other = deform_kernel_alloc(kMiB);
    // This thread's cache is freed when it ends (LeakSanitizer checks).
    deform_kernel_free(other);
    deform_kernel_free(deform_kernel_alloc(2 * kMiB));
  });
  t.join();
  EXPECT_NE(other, p); // p stayed in this thread's cache
  EXPECT_EQ(deform_kernel_alloc(kMiB), p);
  deform_kernel_free(p);
}

#ifdef TEST_UNDER_ASAN
// A thread's cached blocks are freed when it ends, and it leaves nothing
// else behind (fuzz finding kernels-12 was a node glibc kept per thread).
TEST_F(KernelAlloc, EndedThreadsLeaveNoLeak) {
  for (int i = 0; i < 4; ++i) {
    std::thread t([] {
      deform_kernel_free(deform_kernel_alloc(kMiB));
      deform_kernel_free(deform_kernel_alloc(3 * kMiB));
    });
    t.join();
  }
  EXPECT_EQ(__lsan_do_recoverable_leak_check(), 0);
}

// A cached block is not freed, but AddressSanitizer still reports a kernel
// that touches it, or the end of a larger block reused for a smaller buffer.
TEST(KernelAllocDeathTest, TouchingACachedBlockIsReported) {
  if (!cacheActive())
    GTEST_SKIP() << "allow_user_poisoning=0: nothing is cached";
  EXPECT_DEATH(
      {
        auto *p = static_cast<volatile char *>(deform_kernel_alloc(kMiB));
        deform_kernel_free(const_cast<char *>(p));
        p[10] = 1;
      },
      "use-after-poison");
}

TEST(KernelAllocDeathTest, PastTheRequestInAReusedBlockIsReported) {
  if (!cacheActive())
    GTEST_SKIP() << "allow_user_poisoning=0: nothing is cached";
  EXPECT_DEATH(
      {
        deform_kernel_free(deform_kernel_alloc(kMiB));
        auto *q = static_cast<volatile char *>(deform_kernel_alloc(kMiB - 64));
        q[kMiB - 64 - 1] = 1; // the last requested byte: fine
        q[kMiB - 32] = 1;
      },
      "use-after-poison");
}
#endif

TEST(KernelAllocFailures, NegativeSizeFailsAndIsCounted) {
  uint64_t before = deform_kernel_alloc_failures();
  EXPECT_EQ(deform_kernel_alloc(-1), nullptr);
  EXPECT_EQ(deform_kernel_alloc_failures(), before + 1);
}
} // namespace
