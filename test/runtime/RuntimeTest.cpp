//===- RuntimeTest.cpp - unit tests of the runtime C API ------------------===//
//
// Every misuse of the C API must return a status and leave a message naming
// the function in deform_last_error(), never crash. Meant to be run under
// ASan+UBSan (DEFORM_ENABLE_ASAN=ON): stale handles must be detected without
// touching freed memory, and nothing may leak.
//
// The FakeCuda.* tests run only when DEFORM_CUDA_DRIVER_PATH names the fake
// driver (the runtime-fake-cuda ctest entry); the CudaNoDriver.* tests run
// only where no usable CUDA driver is present.
//
//===----------------------------------------------------------------------===//

#include "deform/runtime/deform_runtime.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

// Sanitizer builds: huge allocation requests come back as NULL
// (-> OUT_OF_MEMORY) through lib/SanitizerDefaults.cpp.

extern "C" int deform_runtime_c_smoke(void);

namespace {

/// Checks the status and that deform_last_error() names the function (and
/// contains `also`, if given).
::testing::AssertionResult failsWith(deform_status got, deform_status want,
                                     const char *fn,
                                     const char *also = nullptr) {
  if (got != want)
    return ::testing::AssertionFailure()
           << "status " << deform_status_string(got) << ", expected "
           << deform_status_string(want) << " (last error: \""
           << deform_last_error() << "\")";
  std::string msg = deform_last_error();
  if (msg.find(fn) == std::string::npos)
    return ::testing::AssertionFailure()
           << "the message \"" << msg << "\" does not name " << fn;
  if (also && msg.find(also) == std::string::npos)
    return ::testing::AssertionFailure()
           << "the message \"" << msg << "\" does not contain \"" << also
           << "\"";
  return ::testing::AssertionSuccess();
}

/// The last error must name `fn` (for functions that return a sentinel).
::testing::AssertionResult lastErrorNames(const char *fn,
                                          const char *also = nullptr) {
  return failsWith(DEFORM_OK, DEFORM_OK, fn, also);
}

deform_context *makeContext(int32_t threads = 2) {
  deform_context_options o;
  deform_context_options_init(&o);
  o.cpu_threads = threads;
  deform_context *ctx = nullptr;
  EXPECT_EQ(deform_context_create(&o, &ctx), DEFORM_OK) << deform_last_error();
  return ctx;
}

deform_buffer *makeBuffer(deform_context *ctx, size_t bytes) {
  deform_buffer *b = nullptr;
  EXPECT_EQ(deform_buffer_create(ctx, bytes, &b), DEFORM_OK)
      << deform_last_error();
  return b;
}

void noop(int64_t, int64_t, void *) {}

//===----------------------------------------------------------------------===//
// Status strings and errors
//===----------------------------------------------------------------------===//

TEST(Runtime, StatusStrings) {
  EXPECT_STREQ(deform_status_string(DEFORM_OK), "DEFORM_OK");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_INVALID_ARGUMENT),
               "DEFORM_ERROR_INVALID_ARGUMENT");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_OUT_OF_MEMORY),
               "DEFORM_ERROR_OUT_OF_MEMORY");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_BUFFER_TOO_SMALL),
               "DEFORM_ERROR_BUFFER_TOO_SMALL");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_DESTROYED_CONTEXT),
               "DEFORM_ERROR_DESTROYED_CONTEXT");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_NO_DEVICE),
               "DEFORM_ERROR_NO_DEVICE");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_DEVICE), "DEFORM_ERROR_DEVICE");
  EXPECT_STREQ(deform_status_string(DEFORM_ERROR_SHAPE_MISMATCH),
               "DEFORM_ERROR_SHAPE_MISMATCH");
  // A value outside the enum (which C code may pass) is checked in
  // RuntimeCApiTest.c: in C++ even forming it is undefined behaviour.
}

TEST(Runtime, LastErrorIsPerThreadAndSticky) {
  std::string fresh = "unset";
  std::thread([&] { fresh = deform_last_error(); }).join();
  EXPECT_EQ(fresh, "");

  EXPECT_TRUE(failsWith(deform_context_destroy(nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, "deform_context_destroy",
                        "ctx is NULL"));
  // Another thread's failure does not change this thread's message.
  std::thread([] { deform_buffer_destroy(nullptr); }).join();
  EXPECT_STREQ(deform_last_error(), "deform_context_destroy: ctx is NULL");
  // Success does not clear it.
  deform_context *ctx = makeContext(1);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  EXPECT_STREQ(deform_last_error(), "deform_context_destroy: ctx is NULL");
}

TEST(Runtime, LastErrorBufferIsStableAndBounded) {
  deform_context *ctx = makeContext(1);
  deform_buffer *b = makeBuffer(ctx, 4);
  int64_t shape[1] = {8};
  EXPECT_EQ(deform_buffer_check_shape(b, shape, 1, 4, "first"),
            DEFORM_ERROR_SHAPE_MISMATCH);
  const char *p = deform_last_error();
  // A later failure reuses the same per-thread storage: `p` never dangles.
  std::string longName(20000, 'w');
  EXPECT_EQ(deform_buffer_check_shape(b, shape, 1, 4, longName.c_str()),
            DEFORM_ERROR_SHAPE_MISMATCH);
  EXPECT_EQ(deform_last_error(), p);
  std::string msg = p;
  EXPECT_EQ(msg.size(), 8191u);
  EXPECT_EQ(msg.compare(0, 27, "deform_buffer_check_shape: "), 0);
  EXPECT_EQ(msg.substr(msg.size() - 3), "...");
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

// What generated entry points use to report their own argument errors.
TEST(Runtime, SetErrorFormatsAndReturnsTheStatus) {
  EXPECT_EQ(deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, "layer_main",
                             "in%d (argument %d of @main) is NULL", 1, 1),
            DEFORM_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(deform_last_error(),
               "layer_main: in1 (argument 1 of @main) is NULL");
  EXPECT_EQ(deform_set_error(DEFORM_ERROR_SHAPE_MISMATCH, nullptr, nullptr),
            DEFORM_ERROR_SHAPE_MISMATCH);
  EXPECT_STREQ(deform_last_error(), "?: ?");
  std::string longText(20000, 'x');
  deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, "f", "%s", longText.c_str());
  std::string msg = deform_last_error();
  EXPECT_EQ(msg.size(), 8191u);
  EXPECT_EQ(msg.substr(msg.size() - 3), "...");
  // A function name that alone fills the buffer is marked too (fuzz
  // finding runtime-1).
  std::string longFunction(8190, 'f');
  deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, longFunction.c_str(), "%s",
                   "x");
  msg = deform_last_error();
  EXPECT_EQ(msg.size(), 8191u);
  EXPECT_EQ(msg.substr(msg.size() - 3), "...");
}

TEST(Runtime, ContextValidateGivesTheRuntimesCodes) {
  deform_context *ctx = makeContext(1);
  EXPECT_EQ(deform_context_validate(ctx, "layer_main_on"), DEFORM_OK);
  EXPECT_EQ(deform_context_validate(nullptr, "layer_main_on"),
            DEFORM_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::strstr(deform_last_error(), "layer_main_on: ctx is NULL"),
            nullptr);
  deform_buffer *b = makeBuffer(ctx, 4);
  EXPECT_EQ(deform_context_validate(reinterpret_cast<deform_context *>(b),
                                    "layer_main_on"),
            DEFORM_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  // The same code deform_context_destroy gives for a destroyed context.
  EXPECT_EQ(deform_context_validate(ctx, "layer_main_on"),
            DEFORM_ERROR_DESTROYED_CONTEXT);
  EXPECT_NE(std::strstr(deform_last_error(), "layer_main_on: ctx 0x"), nullptr);
  EXPECT_EQ(deform_context_validate(ctx, nullptr),
            DEFORM_ERROR_DESTROYED_CONTEXT);
  EXPECT_NE(std::strstr(deform_last_error(), "deform_context_validate"),
            nullptr);
}

TEST(Runtime, CApiSmoke) { EXPECT_EQ(deform_runtime_c_smoke(), 0); }

//===----------------------------------------------------------------------===//
// Contexts
//===----------------------------------------------------------------------===//

TEST(Runtime, ContextOptions) {
  deform_context_options o;
  std::memset(&o, 0x5a, sizeof o);
  deform_context_options_init(&o);
  EXPECT_EQ(o.cpu_threads, 0);
  EXPECT_EQ(o.device, DEFORM_DEVICE_CPU);
  EXPECT_EQ(o.cuda_device_ordinal, 0);
  deform_context_options_init(nullptr); // No crash.

  // NULL options = defaults: one thread per hardware thread.
  deform_context *ctx = nullptr;
  ASSERT_EQ(deform_context_create(nullptr, &ctx), DEFORM_OK);
  unsigned hw = std::thread::hardware_concurrency();
  EXPECT_EQ(deform_context_cpu_threads(ctx),
            hw == 0 ? 1 : static_cast<int32_t>(std::min(hw, 1024u)));
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);

  for (int32_t t : {1, 3, 4}) {
    ctx = makeContext(t);
    EXPECT_EQ(deform_context_cpu_threads(ctx), t);
    EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  }
}

TEST(Runtime, ContextCreateMisuse) {
  const char *fn = "deform_context_create";
  EXPECT_TRUE(failsWith(deform_context_create(nullptr, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "out is NULL"));
  deform_context_options o;
  deform_context *ctx = reinterpret_cast<deform_context *>(uintptr_t(0x1234));

  deform_context_options_init(&o);
  o.cpu_threads = -1;
  EXPECT_TRUE(failsWith(deform_context_create(&o, &ctx),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "cpu_threads -1"));
  EXPECT_EQ(ctx, nullptr); // *out is cleared on failure.

  o.cpu_threads = 1025;
  EXPECT_TRUE(failsWith(deform_context_create(&o, &ctx),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "cpu_threads 1025"));
  o.cpu_threads = std::numeric_limits<int32_t>::max();
  EXPECT_TRUE(failsWith(deform_context_create(&o, &ctx),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "cpu_threads"));

  deform_context_options_init(&o);
  int32_t bogusDevice = 7;
  std::memcpy(&o.device, &bogusDevice, sizeof bogusDevice);
  EXPECT_TRUE(failsWith(deform_context_create(&o, &ctx),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "device 7"));

  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  o.cuda_device_ordinal = -2;
  EXPECT_TRUE(failsWith(deform_context_create(&o, &ctx),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn,
                        "cuda_device_ordinal -2"));
  EXPECT_EQ(ctx, nullptr);
}

TEST(Runtime, ContextDestroyMisuse) {
  const char *fn = "deform_context_destroy";
  EXPECT_TRUE(failsWith(deform_context_destroy(nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "NULL"));

  deform_context *ctx = makeContext(2);
  ASSERT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_context_destroy(ctx),
                        DEFORM_ERROR_DESTROYED_CONTEXT, fn,
                        "is a destroyed context"));
  EXPECT_TRUE(failsWith(deform_context_destroy(ctx),
                        DEFORM_ERROR_DESTROYED_CONTEXT, fn));

  // Values that were never handles: a real address, small integers, a handle
  // with a forged generation, a buffer handle.
  int local = 0;
  EXPECT_TRUE(failsWith(
      deform_context_destroy(reinterpret_cast<deform_context *>(&local)),
      DEFORM_ERROR_INVALID_ARGUMENT, fn, "not a deform_context handle"));
  EXPECT_TRUE(failsWith(
      deform_context_destroy(reinterpret_cast<deform_context *>(uintptr_t(1))),
      DEFORM_ERROR_INVALID_ARGUMENT, fn));
  uintptr_t forged = reinterpret_cast<uintptr_t>(ctx) + (uintptr_t(1) << 40);
  EXPECT_TRUE(failsWith(
      deform_context_destroy(reinterpret_cast<deform_context *>(forged)),
      DEFORM_ERROR_INVALID_ARGUMENT, fn, "not a deform_context handle"));

  deform_context *live = makeContext(1);
  deform_buffer *b = makeBuffer(live, 16);
  EXPECT_TRUE(failsWith(
      deform_context_destroy(reinterpret_cast<deform_context *>(b)),
      DEFORM_ERROR_INVALID_ARGUMENT, fn,
      "is a deform_buffer handle, not a deform_context"));
  EXPECT_EQ(deform_context_destroy(live), DEFORM_OK);
}

TEST(Runtime, DestroyedContextRejectedEverywhere) {
  deform_context *ctx = makeContext(2);
  ASSERT_EQ(deform_context_destroy(ctx), DEFORM_OK);

  deform_buffer *b = reinterpret_cast<deform_buffer *>(uintptr_t(0x99));
  EXPECT_TRUE(failsWith(deform_buffer_create(ctx, 64, &b),
                        DEFORM_ERROR_DESTROYED_CONTEXT, "deform_buffer_create"));
  EXPECT_EQ(b, nullptr);
  EXPECT_TRUE(failsWith(deform_parallel_for(ctx, 10, 1, noop, nullptr),
                        DEFORM_ERROR_DESTROYED_CONTEXT, "deform_parallel_for"));
  EXPECT_EQ(deform_context_cpu_threads(ctx), 0);
  EXPECT_TRUE(lastErrorNames("deform_context_cpu_threads", "destroyed"));
  void *module = &b;
  EXPECT_TRUE(failsWith(deform_cuda_module_load(ctx, "x", 1, &module),
                        DEFORM_ERROR_DESTROYED_CONTEXT,
                        "deform_cuda_module_load"));
  EXPECT_EQ(module, nullptr);
  uint32_t dims[3] = {1, 1, 1};
  EXPECT_TRUE(failsWith(
      deform_cuda_launch(ctx, &b, "k", dims, dims, 0, nullptr),
      DEFORM_ERROR_DESTROYED_CONTEXT, "deform_cuda_launch"));
  EXPECT_TRUE(failsWith(deform_cuda_module_unload(ctx, &b),
                        DEFORM_ERROR_DESTROYED_CONTEXT,
                        "deform_cuda_module_unload"));
}

TEST(Runtime, NullContextRejectedEverywhere) {
  deform_buffer *b = nullptr;
  EXPECT_TRUE(failsWith(deform_buffer_create(nullptr, 64, &b),
                        DEFORM_ERROR_INVALID_ARGUMENT, "deform_buffer_create",
                        "ctx is NULL"));
  EXPECT_TRUE(failsWith(deform_parallel_for(nullptr, 10, 1, noop, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, "deform_parallel_for",
                        "ctx is NULL"));
  EXPECT_EQ(deform_context_cpu_threads(nullptr), 0);
  EXPECT_TRUE(lastErrorNames("deform_context_cpu_threads", "ctx is NULL"));
  void *module = nullptr;
  EXPECT_TRUE(failsWith(deform_cuda_module_load(nullptr, "x", 1, &module),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_cuda_module_load", "ctx is NULL"));
  uint32_t dims[3] = {1, 1, 1};
  EXPECT_TRUE(failsWith(
      deform_cuda_launch(nullptr, &module, "k", dims, dims, 0, nullptr),
      DEFORM_ERROR_INVALID_ARGUMENT, "deform_cuda_launch", "ctx is NULL"));
  EXPECT_TRUE(failsWith(deform_cuda_module_unload(nullptr, &module),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_cuda_module_unload", "ctx is NULL"));
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

TEST(Runtime, BufferCreateAlignedZeroed) {
  deform_context *ctx = makeContext(1);
  for (size_t bytes : {size_t(1), size_t(63), size_t(64), size_t(65),
                       size_t(1000), size_t(1) << 20}) {
    deform_buffer *b = makeBuffer(ctx, bytes);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(deform_buffer_size(b), bytes);
    auto *p = static_cast<unsigned char *>(deform_buffer_data(b));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
    EXPECT_TRUE(std::all_of(p, p + bytes, [](unsigned char c) { return c == 0; }));
    std::memset(p, 0xab, bytes); // The whole size is writable.
    EXPECT_EQ(deform_buffer_destroy(b), DEFORM_OK);
  }
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, BufferCreateMisuse) {
  const char *fn = "deform_buffer_create";
  deform_context *ctx = makeContext(1);
  EXPECT_TRUE(failsWith(deform_buffer_create(ctx, 64, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "out is NULL"));
  deform_buffer *b = reinterpret_cast<deform_buffer *>(uintptr_t(0x77));
  EXPECT_TRUE(failsWith(deform_buffer_create(ctx, 0, &b),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "size 0"));
  EXPECT_EQ(b, nullptr);
  const size_t huge[] = {SIZE_MAX, SIZE_MAX - 10,
                         size_t(std::numeric_limits<ptrdiff_t>::max()) + 1,
                         size_t(1) << 62};
  for (size_t bytes : huge) {
    EXPECT_TRUE(failsWith(deform_buffer_create(ctx, bytes, &b),
                          DEFORM_ERROR_OUT_OF_MEMORY, fn,
                          std::to_string(bytes).c_str()));
    EXPECT_EQ(b, nullptr);
  }
  // A buffer handle where a context is expected.
  deform_buffer *real = makeBuffer(ctx, 8);
  EXPECT_TRUE(failsWith(
      deform_buffer_create(reinterpret_cast<deform_context *>(real), 8, &b),
      DEFORM_ERROR_INVALID_ARGUMENT, fn, "not a deform_context"));
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, BufferDestroyTwiceAndUseAfterDestroy) {
  deform_context *ctx = makeContext(1);
  deform_buffer *b = makeBuffer(ctx, 1024);
  ASSERT_EQ(deform_buffer_destroy(b), DEFORM_OK);

  EXPECT_TRUE(failsWith(deform_buffer_destroy(b), DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_destroy",
                        "stale buffer handle (it was destroyed by "
                        "deform_buffer_destroy)"));
  EXPECT_EQ(deform_buffer_data(b), nullptr);
  EXPECT_TRUE(lastErrorNames("deform_buffer_data", "stale"));
  EXPECT_EQ(deform_buffer_size(b), 0u);
  EXPECT_TRUE(lastErrorNames("deform_buffer_size", "stale"));
  char host[16] = {};
  EXPECT_TRUE(failsWith(deform_buffer_copy_from_host(b, host, 16),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_copy_from_host", "dst 0x"));
  EXPECT_TRUE(failsWith(deform_buffer_copy_to_host(b, host, 16),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_copy_to_host", "src 0x"));
  int64_t shape[1] = {4};
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, shape, 1, 4, "x"),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_check_shape", "stale"));
  uint64_t dev = 0;
  EXPECT_TRUE(failsWith(deform_buffer_device_pointer(b, &dev),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_device_pointer", "stale"));
  EXPECT_TRUE(failsWith(deform_buffer_sync_to_device(b),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_sync_to_device", "stale"));
  EXPECT_TRUE(failsWith(deform_buffer_sync_to_host(b),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_sync_to_host", "stale"));
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, NullAndForeignBufferHandles) {
  deform_context *ctx = makeContext(1);
  char host[4] = {};
  EXPECT_TRUE(failsWith(deform_buffer_destroy(nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, "deform_buffer_destroy",
                        "b is NULL"));
  EXPECT_EQ(deform_buffer_data(nullptr), nullptr);
  EXPECT_TRUE(lastErrorNames("deform_buffer_data", "b is NULL"));
  EXPECT_EQ(deform_buffer_size(nullptr), 0u);
  EXPECT_TRUE(lastErrorNames("deform_buffer_size", "b is NULL"));
  EXPECT_TRUE(failsWith(deform_buffer_copy_from_host(nullptr, host, 4),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_copy_from_host", "dst is NULL"));
  EXPECT_TRUE(failsWith(deform_buffer_copy_to_host(nullptr, host, 4),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_copy_to_host", "src is NULL"));
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(nullptr, nullptr, 0, 4, "x"),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_check_shape", "b is NULL"));
  // A context handle and a real address where a buffer is expected.
  auto *asBuffer = reinterpret_cast<deform_buffer *>(ctx);
  EXPECT_TRUE(failsWith(deform_buffer_destroy(asBuffer),
                        DEFORM_ERROR_INVALID_ARGUMENT, "deform_buffer_destroy",
                        "is a deform_context handle, not a deform_buffer"));
  EXPECT_EQ(deform_buffer_data(reinterpret_cast<deform_buffer *>(host)),
            nullptr);
  EXPECT_TRUE(lastErrorNames("deform_buffer_data", "not a deform_buffer handle"));
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, ContextDestroyDestroysItsBuffers) {
  deform_context *ctx = makeContext(2);
  deform_context *other = makeContext(1);
  std::vector<deform_buffer *> bufs;
  for (int i = 0; i < 10; ++i)
    bufs.push_back(makeBuffer(ctx, 100 + i));
  deform_buffer *keep = makeBuffer(other, 32);
  ASSERT_EQ(deform_buffer_destroy(bufs[3]), DEFORM_OK);

  ASSERT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  for (int i = 0; i < 10; ++i) {
    if (i == 3) {
      EXPECT_TRUE(failsWith(deform_buffer_destroy(bufs[i]),
                            DEFORM_ERROR_INVALID_ARGUMENT,
                            "deform_buffer_destroy", "deform_buffer_destroy)"));
      continue;
    }
    EXPECT_EQ(deform_buffer_data(bufs[i]), nullptr);
    EXPECT_TRUE(lastErrorNames("deform_buffer_data",
                               "it was destroyed with its context"));
    EXPECT_TRUE(failsWith(deform_buffer_destroy(bufs[i]),
                          DEFORM_ERROR_INVALID_ARGUMENT,
                          "deform_buffer_destroy", "with its context"));
  }
  // Buffers of other contexts are untouched.
  EXPECT_EQ(deform_buffer_size(keep), 32u);
  EXPECT_EQ(deform_buffer_destroy(keep), DEFORM_OK);
  EXPECT_EQ(deform_context_destroy(other), DEFORM_OK);
}

TEST(Runtime, CopyRoundTrip) {
  deform_context *ctx = makeContext(1);
  const size_t n = 1000;
  deform_buffer *b = makeBuffer(ctx, n * sizeof(float));
  std::vector<float> in(n), out(n, -1.0f);
  for (size_t i = 0; i < n; ++i)
    in[i] = 0.5f * static_cast<float>(i) - 3.0f;
  ASSERT_EQ(deform_buffer_copy_from_host(b, in.data(), n * sizeof(float)),
            DEFORM_OK);
  EXPECT_EQ(std::memcmp(deform_buffer_data(b), in.data(), n * sizeof(float)),
            0);
  ASSERT_EQ(deform_buffer_copy_to_host(b, out.data(), n * sizeof(float)),
            DEFORM_OK);
  EXPECT_EQ(in, out);

  // A prefix copy touches only the prefix.
  std::vector<float> ones(10, 1.0f);
  ASSERT_EQ(deform_buffer_copy_from_host(b, ones.data(), 10 * sizeof(float)),
            DEFORM_OK);
  ASSERT_EQ(deform_buffer_copy_to_host(b, out.data(), n * sizeof(float)),
            DEFORM_OK);
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(out[i], i < 10 ? 1.0f : in[i]) << i;

  // Zero-byte copies are no-ops, even with NULL host pointers.
  EXPECT_EQ(deform_buffer_copy_from_host(b, nullptr, 0), DEFORM_OK);
  EXPECT_EQ(deform_buffer_copy_to_host(b, nullptr, 0), DEFORM_OK);
  EXPECT_EQ(deform_buffer_destroy(b), DEFORM_OK);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, CopyMisuse) {
  deform_context *ctx = makeContext(1);
  deform_buffer *b = makeBuffer(ctx, 1024);
  std::vector<char> host(8192);
  EXPECT_TRUE(failsWith(deform_buffer_copy_from_host(b, host.data(), 4096),
                        DEFORM_ERROR_BUFFER_TOO_SMALL,
                        "deform_buffer_copy_from_host"));
  EXPECT_STREQ(deform_last_error(), "deform_buffer_copy_from_host: size 4096 "
                                    "exceeds the buffer's 1024 bytes");
  EXPECT_TRUE(failsWith(deform_buffer_copy_to_host(b, host.data(), 1025),
                        DEFORM_ERROR_BUFFER_TOO_SMALL,
                        "deform_buffer_copy_to_host", "size 1025"));
  EXPECT_TRUE(failsWith(deform_buffer_copy_to_host(b, host.data(), SIZE_MAX),
                        DEFORM_ERROR_BUFFER_TOO_SMALL,
                        "deform_buffer_copy_to_host"));
  EXPECT_TRUE(failsWith(deform_buffer_copy_from_host(b, nullptr, 16),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_copy_from_host", "src is NULL"));
  EXPECT_TRUE(failsWith(deform_buffer_copy_to_host(b, nullptr, 16),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_copy_to_host", "dst is NULL"));
  EXPECT_EQ(deform_buffer_destroy(b), DEFORM_OK);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, CheckShape) {
  const char *fn = "deform_buffer_check_shape";
  deform_context *ctx = makeContext(1);
  deform_buffer *b = makeBuffer(ctx, 1024);
  int64_t fits[4] = {1, 4, 8, 8};     // 256 floats = 1024 bytes exactly.
  int64_t smaller[3] = {2, 3, 5};     // 30 floats.
  int64_t tooBig[4] = {1, 18, 4, 4};  // 288 floats = 1152 bytes.
  int64_t empty[3] = {5, 0, INT64_MAX};
  EXPECT_EQ(deform_buffer_check_shape(b, fits, 4, 4, "input"), DEFORM_OK);
  EXPECT_EQ(deform_buffer_check_shape(b, smaller, 3, 4, "input"), DEFORM_OK);
  EXPECT_EQ(deform_buffer_check_shape(b, nullptr, 0, 8, "scalar"), DEFORM_OK);
  EXPECT_EQ(deform_buffer_check_shape(b, empty, 3, 4, nullptr), DEFORM_OK);

  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, tooBig, 4, 4, "offset"),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn));
  EXPECT_STREQ(deform_last_error(),
               "deform_buffer_check_shape: offset of shape [1, 18, 4, 4] with "
               "4-byte elements needs 1152 bytes, but the buffer holds 1024 "
               "bytes");
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, fits, 4, 8, nullptr),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn, "tensor of shape"));
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, nullptr, 0, 2048, "s"),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn, "needs 2048 bytes"));

  // Byte counts that overflow size_t.
  int64_t overflow[3] = {INT64_MAX, INT64_MAX, 2};
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, overflow, 3, 4, "w"),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn, "overflows"));
  int64_t big[1] = {INT64_MAX};
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, big, 1, 4, "w"),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn, "overflows"));
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, big, 1, SIZE_MAX, "w"),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn, "overflows"));

  // Bad arguments.
  int64_t negative[2] = {4, -3};
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, negative, 2, 4, "bias"),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn,
                        "bias: dimension 1 is -3"));
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, fits, -1, 4, "x"),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "rank -1"));
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, nullptr, 2, 4, "x"),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "shape is NULL"));
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, fits, 4, 0, "x"),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "element_size is 0"));

  // Long shapes are abbreviated in the message.
  std::vector<int64_t> longShape(40, 2);
  EXPECT_TRUE(failsWith(deform_buffer_check_shape(b, longShape.data(), 40, 1,
                                                  "long"),
                        DEFORM_ERROR_SHAPE_MISMATCH, fn, ", ...]"));
  EXPECT_EQ(deform_buffer_destroy(b), DEFORM_OK);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

//===----------------------------------------------------------------------===//
// deform_parallel_for
//===----------------------------------------------------------------------===//

struct Coverage {
  int64_t n = 0;
  int64_t grain = 0;
  std::unique_ptr<std::atomic<uint8_t>[]> hits;
  std::atomic<uint64_t> sum{0};
  std::atomic<int64_t> calls{0};
  std::atomic<bool> badChunk{false};
  std::mutex idsMutex;
  std::set<std::thread::id> ids;

  Coverage(int64_t count, int64_t g)
      : n(count), grain(g), hits(new std::atomic<uint8_t>[count]) {
    for (int64_t i = 0; i < count; ++i)
      hits[i] = 0;
  }
  static void body(int64_t first, int64_t last, void *user) {
    auto *c = static_cast<Coverage *>(user);
    ++c->calls;
    if (first < 0 || last > c->n || first >= last || first % c->grain != 0 ||
        last - first > c->grain ||
        (last - first < c->grain && last != c->n))
      c->badChunk = true;
    uint64_t local = 0;
    for (int64_t i = first; i < last; ++i) {
      c->hits[i].fetch_add(1, std::memory_order_relaxed);
      local += static_cast<uint64_t>(i);
    }
    c->sum += local;
    std::lock_guard<std::mutex> lock(c->idsMutex);
    c->ids.insert(std::this_thread::get_id());
  }
};

TEST(Runtime, ParallelForSumsExactlyOnce) {
  const int64_t n = 1000000;
  const uint64_t expected = uint64_t(n) * uint64_t(n - 1) / 2;
  for (int32_t threads : {1, 2, 4}) {
    deform_context *ctx = makeContext(threads);
    ASSERT_EQ(deform_context_cpu_threads(ctx), threads);
    for (int64_t grain : {int64_t(1000), int64_t(7), int64_t(65536),
                          int64_t(n), int64_t(3) * n,
                          std::numeric_limits<int64_t>::max()}) {
      Coverage cov(n, grain);
      ASSERT_EQ(deform_parallel_for(ctx, n, grain, Coverage::body, &cov),
                DEFORM_OK);
      EXPECT_EQ(cov.sum.load(), expected) << threads << " threads, grain "
                                          << grain;
      EXPECT_EQ(cov.calls.load(), n / grain + (n % grain != 0));
      EXPECT_FALSE(cov.badChunk.load());
      int64_t wrong = 0;
      for (int64_t i = 0; i < n; ++i)
        wrong += cov.hits[i].load() != 1;
      EXPECT_EQ(wrong, 0) << "indices not covered exactly once";
      EXPECT_LE(cov.ids.size(), static_cast<size_t>(threads));
    }
    EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  }
}

TEST(Runtime, ParallelForUsesEveryThreadIncludingTheCaller) {
  // Four chunks that wait for each other: they can only all finish if four
  // distinct threads run them at once (the caller and three workers).
  const int32_t threads = 4;
  deform_context *ctx = makeContext(threads);
  struct Barrier {
    std::atomic<int> arrived{0};
    std::atomic<bool> timedOut{false};
    std::mutex m;
    std::set<std::thread::id> ids;
  } barrier;
  auto body = [](int64_t, int64_t, void *user) {
    auto *b = static_cast<Barrier *>(user);
    {
      std::lock_guard<std::mutex> lock(b->m);
      b->ids.insert(std::this_thread::get_id());
    }
    ++b->arrived;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (b->arrived.load() < 4) {
      if (std::chrono::steady_clock::now() > deadline) {
        b->timedOut = true;
        return;
      }
      std::this_thread::yield();
    }
  };
  ASSERT_EQ(deform_parallel_for(ctx, 4, 1, body, &barrier), DEFORM_OK);
  EXPECT_FALSE(barrier.timedOut.load());
  EXPECT_EQ(barrier.ids.size(), 4u);
  EXPECT_EQ(barrier.ids.count(std::this_thread::get_id()), 1u);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, ParallelForMisuse) {
  const char *fn = "deform_parallel_for";
  deform_context *ctx = makeContext(2);
  int calls = 0;
  auto count = [](int64_t, int64_t, void *user) { ++*static_cast<int *>(user); };
  EXPECT_TRUE(failsWith(deform_parallel_for(ctx, -1, 1, count, &calls),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "n -1 is negative"));
  EXPECT_TRUE(failsWith(deform_parallel_for(ctx, INT64_MIN, 1, count, &calls),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "negative"));
  EXPECT_TRUE(failsWith(deform_parallel_for(ctx, 10, 0, count, &calls),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn,
                        "grain 0 must be positive"));
  EXPECT_TRUE(failsWith(deform_parallel_for(ctx, 10, -5, count, &calls),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "grain -5"));
  EXPECT_TRUE(failsWith(deform_parallel_for(ctx, 10, 1, nullptr, &calls),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "fn is NULL"));
  deform_buffer *b = makeBuffer(ctx, 8);
  EXPECT_TRUE(failsWith(
      deform_parallel_for(reinterpret_cast<deform_context *>(b), 10, 1, count,
                          &calls),
      DEFORM_ERROR_INVALID_ARGUMENT, fn, "not a deform_context"));
  EXPECT_EQ(calls, 0);
  // n == 0 is a no-op.
  EXPECT_EQ(deform_parallel_for(ctx, 0, 1, count, &calls), DEFORM_OK);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, ParallelForNestedAndConcurrent) {
  deform_context *ctx = makeContext(4);
  deform_context *other = makeContext(2);
  struct Nest {
    deform_context *ctx;
    deform_context *other;
    std::atomic<int64_t> inner{0};
    std::atomic<int> failures{0};
  } nest{ctx, other};
  auto outerBody = [](int64_t first, int64_t last, void *user) {
    auto *s = static_cast<Nest *>(user);
    for (int64_t i = first; i < last; ++i) {
      // Nested on the same context and on another one: runs inline.
      deform_context *c = (i % 2) ? s->ctx : s->other;
      if (deform_parallel_for(c, 100, 3, +[](int64_t f, int64_t l, void *u) {
            static_cast<Nest *>(u)->inner += l - f;
          }, s) != DEFORM_OK)
        ++s->failures;
    }
  };
  ASSERT_EQ(deform_parallel_for(ctx, 64, 1, outerBody, &nest), DEFORM_OK);
  EXPECT_EQ(nest.failures.load(), 0);
  EXPECT_EQ(nest.inner.load(), 64 * 100);

  // Several application threads using one context at once.
  const int64_t n = 200000;
  std::vector<std::thread> apps;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t)
    apps.emplace_back([&, t] {
      for (int rep = 0; rep < 5; ++rep) {
        Coverage cov(n, 1000 + t);
        if (deform_parallel_for(ctx, n, 1000 + t, Coverage::body, &cov) !=
                DEFORM_OK ||
            cov.sum.load() != uint64_t(n) * uint64_t(n - 1) / 2)
          ++bad;
      }
    });
  for (std::thread &t : apps)
    t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
  EXPECT_EQ(deform_context_destroy(other), DEFORM_OK);
}

TEST(Runtime, ContextDestroyedFromInsideItsOwnLoop) {
  deform_context *ctx = makeContext(3);
  deform_buffer *b = makeBuffer(ctx, 64);
  struct State {
    deform_context *ctx;
    std::atomic<int> destroyed{0};
    std::atomic<int64_t> done{0};
  } st{ctx};
  auto body = [](int64_t first, int64_t last, void *user) {
    auto *s = static_cast<State *>(user);
    if (first == 0 && deform_context_destroy(s->ctx) == DEFORM_OK)
      ++s->destroyed;
    s->done += last - first;
  };
  EXPECT_EQ(deform_parallel_for(ctx, 1000, 10, body, &st), DEFORM_OK);
  EXPECT_EQ(st.destroyed.load(), 1);
  EXPECT_EQ(st.done.load(), 1000);
  EXPECT_TRUE(failsWith(deform_context_destroy(ctx),
                        DEFORM_ERROR_DESTROYED_CONTEXT,
                        "deform_context_destroy"));
  EXPECT_EQ(deform_buffer_data(b), nullptr);
}

//===----------------------------------------------------------------------===//
// Handle lifetime
//===----------------------------------------------------------------------===//

TEST(Runtime, ManyCreateDestroyCycles) {
  // Contexts (each starts and joins worker threads).
  deform_context *first = nullptr;
  for (int i = 0; i < 300; ++i) {
    deform_context *ctx = makeContext(i % 4 + 1);
    ASSERT_NE(ctx, nullptr);
    deform_buffer *b = makeBuffer(ctx, 256 + i);
    ASSERT_EQ(deform_parallel_for(ctx, 100, 9, noop, nullptr), DEFORM_OK);
    if (i % 2) {
      ASSERT_EQ(deform_buffer_destroy(b), DEFORM_OK);
    }
    ASSERT_EQ(deform_context_destroy(ctx), DEFORM_OK);
    if (i == 0)
      first = ctx;
  }
  EXPECT_TRUE(failsWith(deform_context_destroy(first),
                        DEFORM_ERROR_DESTROYED_CONTEXT,
                        "deform_context_destroy"));

  // Buffers: enough cycles that handle slots are reused several times; every
  // stale handle stays stale even after its slot holds a newer buffer.
  deform_context *ctx = makeContext(1);
  std::vector<deform_buffer *> stale;
  std::set<uintptr_t> seen;
  for (int i = 0; i < 20000; ++i) {
    deform_buffer *b = makeBuffer(ctx, 8 + i % 64);
    ASSERT_NE(b, nullptr);
    EXPECT_TRUE(seen.insert(reinterpret_cast<uintptr_t>(b)).second)
        << "a handle value was handed out twice";
    static_cast<char *>(deform_buffer_data(b))[0] = 1;
    ASSERT_EQ(deform_buffer_destroy(b), DEFORM_OK);
    if (i % 997 == 0)
      stale.push_back(b);
  }
  for (deform_buffer *b : stale) {
    EXPECT_EQ(deform_buffer_data(b), nullptr);
    EXPECT_TRUE(failsWith(deform_buffer_destroy(b),
                          DEFORM_ERROR_INVALID_ARGUMENT,
                          "deform_buffer_destroy", "stale"));
  }
  // Many live at once, then the context takes them all.
  for (int i = 0; i < 3000; ++i)
    makeBuffer(ctx, 32);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

TEST(Runtime, ConcurrentBufferTraffic) {
  deform_context *ctx = makeContext(2);
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<unsigned char> host(512, static_cast<unsigned char>(t));
      std::vector<unsigned char> back(512);
      for (int i = 0; i < 2000; ++i) {
        deform_buffer *b = nullptr;
        if (deform_buffer_create(ctx, 512, &b) != DEFORM_OK ||
            deform_buffer_copy_from_host(b, host.data(), 512) != DEFORM_OK ||
            deform_buffer_copy_to_host(b, back.data(), 512) != DEFORM_OK ||
            back != host || deform_buffer_destroy(b) != DEFORM_OK ||
            deform_buffer_destroy(b) != DEFORM_ERROR_INVALID_ARGUMENT)
          ++bad;
      }
    });
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

//===----------------------------------------------------------------------===//
// CUDA without a driver, and CUDA calls on CPU contexts
//===----------------------------------------------------------------------===//

TEST(CudaNoDriver, ReportsNoDevice) {
  if (deform_cuda_available())
    GTEST_SKIP() << "a CUDA driver is available here";
  EXPECT_TRUE(lastErrorNames("deform_cuda_available", "CUDA"));

  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  deform_context *ctx = reinterpret_cast<deform_context *>(uintptr_t(0x42));
  deform_status s = deform_context_create(&o, &ctx);
  EXPECT_EQ(ctx, nullptr);
  std::string msg = deform_last_error();
  if (msg.find("no CUDA driver was found") == std::string::npos)
    GTEST_SKIP() << "a CUDA driver is installed but unusable: " << msg;
  EXPECT_TRUE(failsWith(s, DEFORM_ERROR_NO_DEVICE, "deform_context_create",
                        "no CUDA driver was found"));
  EXPECT_NE(msg.find("libcuda.so.1"), std::string::npos) << msg;
  // Asking again gives the same answer (the load is attempted once).
  EXPECT_EQ(deform_cuda_available(), 0);
  EXPECT_TRUE(lastErrorNames("deform_cuda_available",
                             "no CUDA driver was found"));
}

TEST(Runtime, CudaCallsOnCpuContext) {
  deform_context *ctx = makeContext(1);
  void *module = &ctx;
  const char ptx[] = ".entry k";
  EXPECT_TRUE(failsWith(deform_cuda_module_load(ctx, ptx, sizeof ptx, &module),
                        DEFORM_ERROR_NO_DEVICE, "deform_cuda_module_load",
                        "DEFORM_DEVICE_CPU"));
  EXPECT_EQ(module, nullptr);
  EXPECT_TRUE(failsWith(deform_cuda_module_load(ctx, ptx, sizeof ptx, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_cuda_module_load", "module_out is NULL"));
  uint32_t dims[3] = {1, 1, 1};
  EXPECT_TRUE(failsWith(
      deform_cuda_launch(ctx, &module, "k", dims, dims, 0, nullptr),
      DEFORM_ERROR_NO_DEVICE, "deform_cuda_launch", "DEFORM_DEVICE_CPU"));
  EXPECT_TRUE(failsWith(deform_cuda_module_unload(ctx, &module),
                        DEFORM_ERROR_NO_DEVICE, "deform_cuda_module_unload"));
  deform_buffer *b = makeBuffer(ctx, 64);
  uint64_t dev = 7;
  EXPECT_TRUE(failsWith(deform_buffer_device_pointer(b, &dev),
                        DEFORM_ERROR_NO_DEVICE, "deform_buffer_device_pointer"));
  EXPECT_EQ(dev, 0u);
  EXPECT_TRUE(failsWith(deform_buffer_device_pointer(b, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_device_pointer", "out is NULL"));
  EXPECT_TRUE(failsWith(deform_buffer_sync_to_device(b), DEFORM_ERROR_NO_DEVICE,
                        "deform_buffer_sync_to_device"));
  EXPECT_TRUE(failsWith(deform_buffer_sync_to_host(b), DEFORM_ERROR_NO_DEVICE,
                        "deform_buffer_sync_to_host"));
  EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
}

//===----------------------------------------------------------------------===//
// CUDA through the fake driver (test/runtime/FakeCudaDriver.cpp)
//===----------------------------------------------------------------------===//

class FakeCuda : public ::testing::Test {
protected:
  void SetUp() override {
    const char *path = std::getenv("DEFORM_CUDA_DRIVER_PATH");
    if (!path || !std::strstr(path, "fake"))
      GTEST_SKIP() << "DEFORM_CUDA_DRIVER_PATH does not name the fake driver";
    ASSERT_EQ(deform_cuda_available(), 1) << deform_last_error();
    void *lib = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    ASSERT_NE(lib, nullptr) << dlerror();
    primaryRefs = reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_primary_refs"));
    liveModules = reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_live_modules"));
    liveAllocations =
        reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_live_allocations"));
    launches = reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_launches"));
    dlclose(lib); // Drops only the NOLOAD reference.
    ASSERT_TRUE(primaryRefs && liveModules && liveAllocations && launches);
    ASSERT_EQ(primaryRefs(), 0);
    deform_context_options o;
    deform_context_options_init(&o);
    o.device = DEFORM_DEVICE_CUDA;
    o.cpu_threads = 2;
    ASSERT_EQ(deform_context_create(&o, &ctx), DEFORM_OK) << deform_last_error();
    EXPECT_EQ(primaryRefs(), 1);
  }
  void TearDown() override {
    if (ctx) {
      EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
    }
    if (primaryRefs) {
      // Everything the context owned went back to the driver.
      EXPECT_EQ(primaryRefs(), 0);
      EXPECT_EQ(liveModules(), 0);
      EXPECT_EQ(liveAllocations(), 0);
    }
  }
  deform_context *ctx = nullptr;
  int (*primaryRefs)() = nullptr;
  int (*liveModules)() = nullptr;
  int (*liveAllocations)() = nullptr;
  int (*launches)() = nullptr;
};

const char kPtx[] = ".version 8.0\n.target sm_80\n"
                    ".visible .entry fill_f32(.param .u64 p, .param .f32 v, "
                    ".param .u32 n)\n{ ret; }\n.visible .entry trap()\n{}\n";

TEST_F(FakeCuda, EndToEnd) {
  // The PTX is passed without its terminating NUL: the runtime must add one
  // (ASan catches a read past the end otherwise).
  std::vector<char> image(kPtx, kPtx + std::strlen(kPtx));
  void *module = nullptr;
  ASSERT_EQ(deform_cuda_module_load(ctx, image.data(), image.size(), &module),
            DEFORM_OK)
      << deform_last_error();
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(liveModules(), 1);

  const int n = 1000;
  deform_buffer *b = makeBuffer(ctx, n * sizeof(float));
  EXPECT_TRUE(failsWith(deform_buffer_sync_to_host(b),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_buffer_sync_to_host", "no device memory yet"));
  std::vector<float> host(n, 2.0f);
  ASSERT_EQ(deform_buffer_copy_from_host(b, host.data(), n * sizeof(float)),
            DEFORM_OK);
  ASSERT_EQ(deform_buffer_sync_to_device(b), DEFORM_OK) << deform_last_error();
  uint64_t dev = 0;
  ASSERT_EQ(deform_buffer_device_pointer(b, &dev), DEFORM_OK);
  EXPECT_NE(dev, 0u);
  EXPECT_EQ(liveAllocations(), 1);

  float value = 7.5f;
  int count = n / 2;
  void *params[] = {&dev, &value, &count};
  uint32_t grid[3] = {4, 1, 1}, block[3] = {256, 1, 1};
  ASSERT_EQ(deform_cuda_launch(ctx, module, "fill_f32", grid, block, 0, params),
            DEFORM_OK)
      << deform_last_error();
  EXPECT_EQ(launches(), 1);
  ASSERT_EQ(deform_buffer_sync_to_host(b), DEFORM_OK) << deform_last_error();
  ASSERT_EQ(deform_buffer_copy_to_host(b, host.data(), n * sizeof(float)),
            DEFORM_OK);
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(host[i], i < n / 2 ? 7.5f : 2.0f) << i;

  // The cached function is reused.
  ASSERT_EQ(deform_cuda_launch(ctx, module, "fill_f32", grid, block, 0, params),
            DEFORM_OK);
  EXPECT_EQ(launches(), 2);

  // Destroying the buffer frees its device memory.
  ASSERT_EQ(deform_buffer_destroy(b), DEFORM_OK);
  EXPECT_EQ(liveAllocations(), 0);
  ASSERT_EQ(deform_cuda_module_unload(ctx, module), DEFORM_OK);
  EXPECT_EQ(liveModules(), 0);
  EXPECT_TRUE(failsWith(deform_cuda_module_unload(ctx, module),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "deform_cuda_module_unload", "is not loaded"));
}

TEST_F(FakeCuda, LaunchMisuseAndFailures) {
  const char *fn = "deform_cuda_launch";
  void *module = nullptr;
  ASSERT_EQ(deform_cuda_module_load(ctx, kPtx, sizeof kPtx, &module),
            DEFORM_OK);
  uint32_t one[3] = {1, 1, 1};
  uint32_t zero[3] = {1, 0, 1};
  uint32_t wide[3] = {2048, 1, 1};
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "nope", one, one, 0,
                                           nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn,
                        "kernel 'nope' is not in module"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, nullptr, one, one, 0,
                                           nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "kernel_name"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, nullptr, "trap", one, one, 0,
                                           nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "module is NULL"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "trap", nullptr, one,
                                           0, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "grid is NULL"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "trap", one, nullptr,
                                           0, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "block is NULL"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "trap", zero, one, 0,
                                           nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "grid[1] is 0"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "trap", one, zero, 0,
                                           nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "block[1] is 0"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "trap", one, wide, 0,
                                           nullptr),
                        DEFORM_ERROR_DEVICE, fn, "CUDA_ERROR_INVALID_VALUE"));
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "trap", one, one, 0,
                                           nullptr),
                        DEFORM_ERROR_DEVICE, fn,
                        "kernel 'trap' failed: CUDA_ERROR_LAUNCH_FAILED "
                        "(unspecified launch failure)"));
  // A module of another context.
  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  deform_context *other = nullptr;
  ASSERT_EQ(deform_context_create(&o, &other), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_cuda_launch(other, module, "trap", one, one, 0,
                                           nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn,
                        "is not loaded into context"));
  EXPECT_EQ(deform_context_destroy(other), DEFORM_OK);
  // The module is left loaded: destroying the context unloads it.
}

TEST_F(FakeCuda, ModuleLoadErrors) {
  const char *fn = "deform_cuda_module_load";
  void *module = &module;
  EXPECT_TRUE(failsWith(deform_cuda_module_load(ctx, nullptr, 10, &module),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "image is NULL"));
  EXPECT_EQ(module, nullptr);
  EXPECT_TRUE(failsWith(deform_cuda_module_load(ctx, kPtx, 0, &module),
                        DEFORM_ERROR_INVALID_ARGUMENT, fn, "size 0"));
  const char bad[] = ".version 8.0\nSYNTAX_ERROR\n";
  EXPECT_TRUE(failsWith(deform_cuda_module_load(ctx, bad, sizeof bad, &module),
                        DEFORM_ERROR_DEVICE, fn,
                        "CUDA_ERROR_INVALID_PTX (a PTX JIT compilation "
                        "failed): ptxas fatal   : syntax error in fake PTX"));
  EXPECT_EQ(module, nullptr);
  EXPECT_EQ(liveModules(), 0);

  // Buffers with device memory and modules still alive at context destroy
  // are released by it (checked in TearDown).
  ASSERT_EQ(deform_cuda_module_load(ctx, kPtx, sizeof kPtx, &module),
            DEFORM_OK);
  deform_buffer *b = makeBuffer(ctx, 128);
  uint64_t dev = 0;
  ASSERT_EQ(deform_buffer_device_pointer(b, &dev), DEFORM_OK);
  EXPECT_EQ(liveAllocations(), 1);
}

TEST_F(FakeCuda, OrdinalWithoutDevice) {
  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  o.cuda_device_ordinal = 1;
  deform_context *c = nullptr;
  EXPECT_TRUE(failsWith(deform_context_create(&o, &c), DEFORM_ERROR_NO_DEVICE,
                        "deform_context_create",
                        "cuda_device_ordinal 1 names no CUDA device"));
  EXPECT_EQ(c, nullptr);
}

} // namespace
