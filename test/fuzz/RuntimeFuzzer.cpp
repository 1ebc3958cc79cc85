//===- RuntimeFuzzer.cpp - libFuzzer harness: the runtime C API -----------===//
//
// The input is a program: each byte picks a runtime call, the following bytes
// its arguments (contexts of 1-3 threads, small buffers, copies, shape checks,
// parallel loops, nested and concurrent ones, destroys in any order, stale,
// foreign, garbage and NULL handles, CUDA calls on CPU contexts, errors set by
// the caller). A model of every object predicts each call's status where the
// header documents it; a different status, a failure with an empty
// deform_last_error() or one that does not name the function, a success
// that changes the last error, a loop index run twice or never, or buffer
// contents other than what was written is a finding (abort). Everything is
// destroyed at the end of each input.
//
//===----------------------------------------------------------------------===//
#include "FuzzCommon.h"

#include "deform/runtime/deform_runtime.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

DEFORM_FUZZ_SANITIZER_DEFAULTS

using deform::fuzz::ByteReader;
using deform::fuzz::finding;

namespace {

constexpr int kMaxOps = 200;
constexpr size_t kMaxLiveContexts = 3;
constexpr size_t kMaxBuffers = 48;
constexpr size_t kMaxBufferBytes = 4096;
constexpr int64_t kMaxLoop = 300;

const char *statusName(deform_status s) { return deform_status_string(s); }

deform_status statusFromInt(int32_t v) { return static_cast<deform_status>(v); }

} // namespace

/// deform_status_string for any int, as a C caller may pass it (a C++ enum
/// holding a value outside the enum would be undefined behaviour here).
extern "C" const char *deformStatusStringOfInt(int32_t s) __asm__(
    "deform_status_string");

namespace {

struct Ctx {
  deform_context *h = nullptr;
  bool live = false;
  int32_t threads = 0;
  bool cuda = false;
};

struct Buf {
  deform_buffer *h = nullptr;
  size_t ctx = 0;
  bool live = false;
  std::vector<unsigned char> model;
};

/// What the model predicts for a handle.
enum class Kind { Live, Dead, Null, WrongKind, Garbage };

struct ContextArg {
  deform_context *h = nullptr;
  Kind kind = Kind::Null;
  size_t index = 0; // Into contexts, for Live and Dead.
  /// What every call returns for it (for Garbage: what the runtime says, which
  /// must be DEFORM_ERROR_INVALID_ARGUMENT or, for a value that decodes as an
  /// old generation, DEFORM_ERROR_DESTROYED_CONTEXT).
  deform_status status = DEFORM_ERROR_INVALID_ARGUMENT;
};

struct BufferArg {
  deform_buffer *h = nullptr;
  Kind kind = Kind::Null;
  size_t index = 0;
};

/// Loop bodies record every index they run.
struct Loop {
  explicit Loop(int64_t n) : n(n), hits(new std::atomic<int>[size_t(n)]) {
    for (int64_t i = 0; i < n; ++i)
      hits[i] = 0;
  }
  int64_t n;
  std::unique_ptr<std::atomic<int>[]> hits;
  std::atomic<int> badRange{0};
  /// What a body does besides counting (see body()).
  int nested = 0;
  deform_context *other = nullptr; // For nested calls.
  deform_status otherExpect = DEFORM_OK;
  std::atomic<int> nestedBad{0};
  /// nested == 3: destroy `self` from inside the body, once.
  deform_context *self = nullptr;
  std::atomic<bool> destroyDone{false};
  std::atomic<int> destroyStatus{-1};
  /// nested == 4: signal entry and wait for `release` (concurrent destroy).
  std::atomic<bool> entered{false}, release{false};

  void check(const char *what) const {
    if (badRange)
      finding("%s: a body got a range outside [0, %lld)", what, (long long)n);
    for (int64_t i = 0; i < n; ++i)
      if (hits[i] != 1)
        finding("%s: index %lld of %lld ran %d times", what, (long long)i,
                (long long)n, hits[i].load());
    if (nestedBad)
      finding("%s: a nested call in a body misbehaved (%d times)", what,
              nestedBad.load());
  }
};

void innerBody(int64_t first, int64_t last, void *user) {
  auto *l = static_cast<Loop *>(user);
  if (first < 0 || last > l->n || first >= last) {
    ++l->badRange;
    return;
  }
  for (int64_t i = first; i < last; ++i)
    ++l->hits[i];
}

void body(int64_t first, int64_t last, void *user) {
  auto *l = static_cast<Loop *>(user);
  innerBody(first, last, user);
  switch (l->nested) {
  case 1: { // deform_parallel_for on another (or the same) context: serial.
    Loop inner(7);
    deform_status s = deform_parallel_for(l->other, inner.n, 2, innerBody, &inner);
    if (s != l->otherExpect)
      ++l->nestedBad;
    if (s == DEFORM_OK) {
      for (int64_t i = 0; i < inner.n; ++i)
        if (inner.hits[i] != 1)
          ++l->nestedBad;
    } else if (!*deform_last_error()) {
      ++l->nestedBad;
    }
    break;
  }
  case 2: { // What generated code calls, from inside a loop.
    Loop inner(5);
    deform_kernel_parallel_for(l->other, inner.n, innerBody, &inner);
    for (int64_t i = 0; i < inner.n; ++i)
      if (inner.hits[i] != 1)
        ++l->nestedBad;
    break;
  }
  case 3: // Destroys its own context (documented as detected).
    if (!l->destroyDone.exchange(true))
      l->destroyStatus = int(deform_context_destroy(l->self));
    break;
  case 4: // Waits until the main thread says so.
    if (first == 0) {
      l->entered = true;
      while (!l->release)
        std::this_thread::yield();
    }
    break;
  default:
    break;
  }
}

class Program {
public:
  explicit Program(ByteReader &in) : in(in) {}

  void run() {
    for (int op = 0; op < kMaxOps && !in.empty(); ++op)
      step(in.u8() % 24);
    finish();
  }

private:
  ByteReader &in;
  std::vector<Ctx> contexts;
  std::vector<Buf> buffers;

  size_t liveContexts() const {
    return size_t(std::count_if(contexts.begin(), contexts.end(),
                                [](const Ctx &c) { return c.live; }));
  }

  //===--------------------------------------------------------------------===//
  // Expectations
  //===--------------------------------------------------------------------===//

  /// A failing call: the status and a message that names `function`.
  void expectFailure(const char *function, deform_status got,
                     deform_status want) {
    if (got != want)
      finding("%s returned %s, expected %s (last error: %s)", function,
              statusName(got), statusName(want), deform_last_error());
    const char *msg = deform_last_error();
    if (!msg)
      finding("%s: deform_last_error() is NULL", function);
    std::string prefix = std::string(function) + ": ";
    if (std::strncmp(msg, prefix.c_str(), prefix.size()) != 0 ||
        std::strlen(msg) <= prefix.size())
      finding("%s failed with %s but deform_last_error() is \"%s\"", function,
              statusName(got), msg);
  }

  /// `got` against `want`; a success must leave the last error alone.
  void expect(const char *function, deform_status got, deform_status want,
              const std::string &errorBefore, bool errorKept = true) {
    if (want != DEFORM_OK)
      return expectFailure(function, got, want);
    if (got != DEFORM_OK)
      finding("%s returned %s, expected DEFORM_OK (last error: %s)", function,
              statusName(got), deform_last_error());
    if (errorKept && errorBefore != deform_last_error())
      finding("%s succeeded but changed deform_last_error() from \"%s\" to "
              "\"%s\"",
              function, errorBefore.c_str(), deform_last_error());
  }

  static std::string lastError() { return deform_last_error(); }

  /// The status any call returns for a context argument that is not live.
  static deform_status contextStatus(const ContextArg &a) { return a.status; }

  /// Fills in a.status.
  static ContextArg resolve(ContextArg a) {
    switch (a.kind) {
    case Kind::Live:
      a.status = DEFORM_OK;
      break;
    case Kind::Dead:
      a.status = DEFORM_ERROR_DESTROYED_CONTEXT;
      break;
    case Kind::Garbage:
      a.status = deform_context_validate(a.h, nullptr);
      if (a.status != DEFORM_ERROR_INVALID_ARGUMENT &&
          a.status != DEFORM_ERROR_DESTROYED_CONTEXT)
        finding("deform_context_validate(%p), a value the runtime never "
                "returned, gave %s",
                static_cast<void *>(a.h), statusName(a.status));
      break;
    default:
      a.status = DEFORM_ERROR_INVALID_ARGUMENT;
      break;
    }
    return a;
  }
  static deform_status bufferStatus(const BufferArg &a) {
    return a.kind == Kind::Live ? DEFORM_OK : DEFORM_ERROR_INVALID_ARGUMENT;
  }

  //===--------------------------------------------------------------------===//
  // Arguments
  //===--------------------------------------------------------------------===//

  /// A value derived from a known handle or raw bytes; resolved against the
  /// model so that a lucky guess of a live handle is treated as that handle.
  uintptr_t garbage() {
    uintptr_t base = 0;
    switch (in.u8() % 4) {
    case 0:
      return uintptr_t(in.u64());
    case 1:
      if (!contexts.empty())
        base = uintptr_t(contexts[in.u8() % contexts.size()].h);
      break;
    case 2:
      if (!buffers.empty())
        base = uintptr_t(buffers[in.u8() % buffers.size()].h);
      break;
    default:
      return uintptr_t(in.u8()) * 0x100 + 0xC5; // Small context-tagged values.
    }
    // Flip a bit: the tag, the slot or the generation.
    return base ^ (uintptr_t(1) << (in.u8() % 64));
  }

  ContextArg contextArg() { return resolve(pickContext()); }

  ContextArg pickContext() {
    ContextArg a;
    unsigned pick = in.u8();
    if (pick < 16) {
      return a; // NULL
    }
    if (pick < 32 && !buffers.empty()) {
      a.h = reinterpret_cast<deform_context *>(
          buffers[in.u8() % buffers.size()].h);
      a.kind = Kind::WrongKind;
      return a;
    }
    if (pick < 48 || contexts.empty()) {
      uintptr_t v = garbage();
      a.h = reinterpret_cast<deform_context *>(v);
      a.kind = v == 0 ? Kind::Null : Kind::Garbage;
      for (size_t i = 0; i < contexts.size(); ++i)
        if (contexts[i].live && uintptr_t(contexts[i].h) == v) {
          a.kind = Kind::Live;
          a.index = i;
        }
      for (const Buf &b : buffers)
        if (uintptr_t(b.h) == v)
          a.kind = Kind::WrongKind;
      return a;
    }
    a.index = in.u8() % contexts.size();
    a.h = contexts[a.index].h;
    a.kind = contexts[a.index].live ? Kind::Live : Kind::Dead;
    return a;
  }

  BufferArg bufferArg() {
    BufferArg a;
    unsigned pick = in.u8();
    if (pick < 16)
      return a;
    if (pick < 32 && !contexts.empty()) {
      a.h = reinterpret_cast<deform_buffer *>(
          contexts[in.u8() % contexts.size()].h);
      a.kind = Kind::WrongKind;
      return a;
    }
    if (pick < 48 || buffers.empty()) {
      uintptr_t v = garbage();
      a.h = reinterpret_cast<deform_buffer *>(v);
      a.kind = v == 0 ? Kind::Null : Kind::Garbage;
      for (size_t i = 0; i < buffers.size(); ++i)
        if (buffers[i].live && uintptr_t(buffers[i].h) == v) {
          a.kind = Kind::Live;
          a.index = i;
        }
      return a;
    }
    a.index = in.u8() % buffers.size();
    a.h = buffers[a.index].h;
    a.kind = buffers[a.index].live ? Kind::Live : Kind::Dead;
    return a;
  }

  size_t byteCount(size_t limit) {
    switch (in.u8() % 8) {
    case 0:
      return 0;
    case 1:
      return limit + 1 + in.u8();
    case 2:
      return SIZE_MAX;
    case 3:
      return limit;
    default:
      return size_t(in.range(1, int64_t(std::max<size_t>(limit, 1))));
    }
  }

  void killContext(size_t index) {
    contexts[index].live = false;
    for (Buf &b : buffers)
      if (b.ctx == index)
        b.live = false;
  }

  //===--------------------------------------------------------------------===//
  // Operations
  //===--------------------------------------------------------------------===//

  void step(unsigned op) {
    switch (op) {
    case 0:
    case 1:
      return createContext();
    case 2:
      return destroyContext();
    case 3:
    case 4:
      return createBuffer();
    case 5:
      return destroyBuffer();
    case 6:
    case 7:
      return copyFromHost();
    case 8:
      return copyToHost();
    case 9:
      return dataAndSize();
    case 10:
      return checkShape();
    case 11:
    case 12:
      return parallelFor();
    case 13:
      return kernelParallelFor();
    case 14:
      return validate();
    case 15:
      return cpuThreads();
    case 16:
      return setError();
    case 17:
      return statusString();
    case 18:
      return cudaOnCpu();
    case 19:
      return concurrentDestroy();
    case 20:
      return concurrentLoops();
    case 21:
      return destroyFromBody();
    case 22:
      return optionsInit();
    default:
      return destroyContext();
    }
  }

  void createContext() {
    deform_context_options o;
    deform_context_options_init(&o);
    deform_status want = DEFORM_OK;
    int32_t threads = int32_t(in.range(1, 3));
    bool useNull = false, nullOut = false, cuda = false;
    switch (in.u8() % 12) {
    case 0:
      o.cpu_threads = -1 - int32_t(in.u8());
      want = DEFORM_ERROR_INVALID_ARGUMENT;
      break;
    case 1:
      o.cpu_threads = 1025 + int32_t(in.u16());
      want = DEFORM_ERROR_INVALID_ARGUMENT;
      break;
    case 2: {
      int32_t device = in.coin() ? 2 + int32_t(in.u8()) : -1;
      std::memcpy(&o.device, &device, sizeof device);
      o.cpu_threads = threads;
      want = DEFORM_ERROR_INVALID_ARGUMENT;
      break;
    }
    case 3:
      o.device = DEFORM_DEVICE_CUDA;
      o.cpu_threads = threads;
      o.cuda_device_ordinal = in.coin() ? -1 : int32_t(in.u8());
      want = o.cuda_device_ordinal < 0 ? DEFORM_ERROR_INVALID_ARGUMENT
                                       : DEFORM_ERROR_NO_DEVICE;
      cuda = true;
      break;
    case 4:
      nullOut = true;
      want = DEFORM_ERROR_INVALID_ARGUMENT;
      o.cpu_threads = threads;
      break;
    case 5:
      useNull = true; // Defaults: one thread per hardware thread.
      break;
    default:
      o.cpu_threads = threads;
      break;
    }
    if (want == DEFORM_OK && liveContexts() >= kMaxLiveContexts)
      return;
    bool driver = cuda && cudaPresent(); // Before: it sets the last error.
    std::string before = lastError();
    deform_context *out = reinterpret_cast<deform_context *>(uintptr_t(1));
    deform_status s =
        deform_context_create(useNull ? nullptr : &o, nullOut ? nullptr : &out);
    if (driver && want == DEFORM_ERROR_NO_DEVICE) {
      // A driver is installed (or faked): any documented outcome.
      if (s == DEFORM_OK) {
        contexts.push_back({out, true, deform_context_cpu_threads(out), true});
        return;
      }
      if (s != DEFORM_ERROR_NO_DEVICE && s != DEFORM_ERROR_DEVICE)
        finding("deform_context_create(CUDA) returned %s", statusName(s));
      return;
    }
    expect("deform_context_create", s, want, before);
    if (!nullOut && s != DEFORM_OK && out != nullptr)
      finding("deform_context_create failed but left *out = %p", (void *)out);
    if (s != DEFORM_OK)
      return;
    if (!out)
      finding("deform_context_create succeeded with *out = NULL");
    int32_t expectThreads =
        useNull ? int32_t(std::max(1u, std::min(std::thread::hardware_concurrency(), 1024u)))
                : o.cpu_threads;
    int32_t got = deform_context_cpu_threads(out);
    if (got != expectThreads)
      finding("deform_context_cpu_threads = %d, expected %d", got,
              expectThreads);
    contexts.push_back({out, true, got, false});
  }

  static bool cudaPresent() {
    static bool present = deform_cuda_available() != 0;
    return present;
  }

  void destroyContext() {
    ContextArg a = contextArg();
    std::string before = lastError();
    deform_status s = deform_context_destroy(a.h);
    expect("deform_context_destroy", s, contextStatus(a), before);
    if (a.kind == Kind::Live)
      killContext(a.index);
  }

  void createBuffer() {
    if (buffers.size() >= kMaxBuffers)
      return;
    ContextArg a = contextArg();
    size_t bytes = byteCount(kMaxBufferBytes);
    bool nullOut = in.u8() < 16;
    deform_status want = contextStatus(a);
    if (nullOut)
      want = DEFORM_ERROR_INVALID_ARGUMENT;
    else if (want == DEFORM_OK && bytes == 0)
      want = DEFORM_ERROR_INVALID_ARGUMENT;
    else if (want == DEFORM_OK && bytes > size_t(PTRDIFF_MAX))
      want = DEFORM_ERROR_OUT_OF_MEMORY;
    else if (want == DEFORM_OK && bytes > kMaxBufferBytes)
      bytes = kMaxBufferBytes; // Keep allocations small.
    std::string before = lastError();
    deform_buffer *out = reinterpret_cast<deform_buffer *>(uintptr_t(1));
    deform_status s = deform_buffer_create(a.h, bytes, nullOut ? nullptr : &out);
    expect("deform_buffer_create", s, want, before);
    if (!nullOut && s != DEFORM_OK && out != nullptr)
      finding("deform_buffer_create failed but left *out = %p", (void *)out);
    if (s != DEFORM_OK)
      return;
    if (deform_buffer_size(out) != bytes)
      finding("deform_buffer_size = %zu, expected %zu", deform_buffer_size(out),
              bytes);
    auto *p = static_cast<unsigned char *>(deform_buffer_data(out));
    if (!p || reinterpret_cast<uintptr_t>(p) % 64 != 0)
      finding("deform_buffer_data = %p: NULL or not 64-byte aligned",
              static_cast<void *>(p));
    for (size_t i = 0; i < bytes; ++i)
      if (p[i] != 0)
        finding("a new buffer's byte %zu is %u, not 0", i, p[i]);
    buffers.push_back({out, a.index, true, std::vector<unsigned char>(bytes, 0)});
  }

  void destroyBuffer() {
    BufferArg a = bufferArg();
    std::string before = lastError();
    deform_status s = deform_buffer_destroy(a.h);
    expect("deform_buffer_destroy", s, bufferStatus(a), before);
    if (a.kind == Kind::Live)
      buffers[a.index].live = false;
  }

  void copyFromHost() {
    BufferArg a = bufferArg();
    size_t limit = a.kind == Kind::Live ? buffers[a.index].model.size() : 64;
    size_t bytes = byteCount(limit);
    bool nullSrc = in.u8() < 24;
    std::vector<unsigned char> src(std::min<size_t>(bytes, kMaxBufferBytes + 512));
    unsigned char seed = static_cast<unsigned char>(in.u8());
    for (size_t i = 0; i < src.size(); ++i)
      src[i] = static_cast<unsigned char>(seed + i * 31);
    deform_status want = bufferStatus(a);
    if (want == DEFORM_OK && bytes > limit)
      want = DEFORM_ERROR_BUFFER_TOO_SMALL;
    else if (want == DEFORM_OK && bytes > 0 && nullSrc)
      want = DEFORM_ERROR_INVALID_ARGUMENT;
    // Never hand the runtime a pointer to fewer bytes than `bytes` when it
    // would be allowed to read them.
    if (want == DEFORM_OK && bytes > src.size())
      return;
    std::string before = lastError();
    deform_status s = deform_buffer_copy_from_host(
        a.h, nullSrc ? nullptr : src.data(), bytes);
    expect("deform_buffer_copy_from_host", s, want, before);
    if (s == DEFORM_OK)
      std::copy(src.begin(), src.begin() + bytes,
                buffers[a.index].model.begin());
  }

  void copyToHost() {
    BufferArg a = bufferArg();
    size_t limit = a.kind == Kind::Live ? buffers[a.index].model.size() : 64;
    size_t bytes = byteCount(limit);
    bool nullDst = in.u8() < 24;
    std::vector<unsigned char> dst(std::min<size_t>(bytes, kMaxBufferBytes + 512),
                                   0x5a);
    deform_status want = bufferStatus(a);
    if (want == DEFORM_OK && bytes > limit)
      want = DEFORM_ERROR_BUFFER_TOO_SMALL;
    else if (want == DEFORM_OK && bytes > 0 && nullDst)
      want = DEFORM_ERROR_INVALID_ARGUMENT;
    if (want == DEFORM_OK && bytes > dst.size())
      return;
    std::string before = lastError();
    deform_status s =
        deform_buffer_copy_to_host(a.h, nullDst ? nullptr : dst.data(), bytes);
    expect("deform_buffer_copy_to_host", s, want, before);
    if (s != DEFORM_OK)
      return;
    const std::vector<unsigned char> &model = buffers[a.index].model;
    for (size_t i = 0; i < bytes; ++i)
      if (dst[i] != model[i])
        finding("deform_buffer_copy_to_host: byte %zu is %u, expected %u", i,
                dst[i], model[i]);
    for (size_t i = bytes; i < dst.size(); ++i)
      if (dst[i] != 0x5a)
        finding("deform_buffer_copy_to_host wrote past %zu bytes", bytes);
  }

  void dataAndSize() {
    BufferArg a = bufferArg();
    std::string before = lastError();
    auto *p = static_cast<unsigned char *>(deform_buffer_data(a.h));
    if (a.kind != Kind::Live) {
      if (p)
        finding("deform_buffer_data of a %s handle returned %p",
                a.kind == Kind::Dead ? "stale" : "bad", static_cast<void *>(p));
      expectFailure("deform_buffer_data", DEFORM_ERROR_INVALID_ARGUMENT,
                    DEFORM_ERROR_INVALID_ARGUMENT);
      if (deform_buffer_size(a.h) != 0)
        finding("deform_buffer_size of a bad handle is not 0");
      expectFailure("deform_buffer_size", DEFORM_ERROR_INVALID_ARGUMENT,
                    DEFORM_ERROR_INVALID_ARGUMENT);
      return;
    }
    std::vector<unsigned char> &model = buffers[a.index].model;
    if (!p)
      finding("deform_buffer_data of a live buffer is NULL: %s",
              deform_last_error());
    if (deform_buffer_size(a.h) != model.size())
      finding("deform_buffer_size = %zu, expected %zu", deform_buffer_size(a.h),
              model.size());
    if (before != deform_last_error())
      finding("deform_buffer_data/size succeeded but changed the last error");
    if (std::memcmp(p, model.data(), model.size()) != 0)
      finding("deform_buffer_data: the contents differ from what was written");
    // Write through the pointer, every byte of it.
    size_t at = size_t(in.u16()) % model.size();
    size_t n = std::min(model.size() - at, size_t(in.u16()) + 1);
    unsigned char v = static_cast<unsigned char>(in.u8());
    std::memset(p + at, v, n);
    std::memset(model.data() + at, v, n);
  }

  void checkShape() {
    BufferArg a = bufferArg();
    int32_t rank;
    switch (in.u8() % 8) {
    case 0:
      rank = -1 - int32_t(in.u8());
      break;
    case 1:
      rank = int32_t(in.range(17, 40));
      break;
    default:
      rank = int32_t(in.range(0, 5));
      break;
    }
    bool nullShape = in.u8() < 20;
    std::vector<int64_t> shape(size_t(std::max(rank, 0)) + 1);
    for (int64_t &d : shape) {
      switch (in.u8() % 10) {
      case 0:
        d = -1 - int64_t(in.u8());
        break;
      case 1:
        d = INT64_MAX;
        break;
      case 2:
        d = int64_t(1) << in.range(16, 62);
        break;
      case 3:
        d = 0;
        break;
      default:
        d = in.range(1, 9);
        break;
      }
    }
    size_t sizes[] = {0, 1, 2, 4, 8, 3, SIZE_MAX, size_t(1) << 40};
    size_t element = sizes[in.u8() % 8];
    deform_status want = bufferStatus(a);
    if (want == DEFORM_OK) {
      size_t have = buffers[a.index].model.size();
      if (rank < 0 || (rank > 0 && nullShape) || element == 0) {
        want = DEFORM_ERROR_INVALID_ARGUMENT;
      } else {
        bool negative = false, empty = false, overflow = false;
        for (int32_t i = 0; i < rank; ++i) {
          negative |= shape[i] < 0;
          empty |= shape[i] == 0;
        }
        size_t need = element;
        for (int32_t i = 0; i < rank && !empty && !negative && !overflow; ++i)
          overflow = __builtin_mul_overflow(need, size_t(shape[i]), &need);
        if (negative)
          want = DEFORM_ERROR_INVALID_ARGUMENT;
        else if (!empty && (overflow || need > have))
          want = DEFORM_ERROR_SHAPE_MISMATCH;
      }
    }
    const char *names[] = {nullptr, "offset", "input"};
    const char *what = names[in.u8() % 3];
    std::string before = lastError();
    deform_status s = deform_buffer_check_shape(
        a.h, nullShape ? nullptr : shape.data(), rank, element, what);
    expect("deform_buffer_check_shape", s, want, before);
    if (s != DEFORM_OK && bufferStatus(a) == DEFORM_OK &&
        !std::strstr(deform_last_error(), what ? what : "tensor"))
      finding("deform_buffer_check_shape: the message \"%s\" does not name "
              "the tensor \"%s\"",
              deform_last_error(), what ? what : "tensor");
  }

  /// The nested behaviour of a loop body, and the context it uses.
  void chooseNested(Loop &loop) {
    loop.nested = in.u8() % 3;
    if (loop.nested == 0)
      return;
    ContextArg other = contextArg();
    loop.other = other.h;
    loop.otherExpect = contextStatus(other);
  }

  void parallelFor() {
    ContextArg a = contextArg();
    int64_t n = in.u8() % 8 == 0 ? -1 - int64_t(in.u8()) : in.range(0, kMaxLoop);
    int64_t grain = in.u8() % 8 == 0 ? -int64_t(in.u8()) : in.range(1, 64);
    bool nullFn = in.u8() < 12;
    Loop loop(std::max<int64_t>(n, 0));
    chooseNested(loop);
    deform_status want = contextStatus(a);
    if (want == DEFORM_OK && (n < 0 || grain <= 0 || nullFn))
      want = DEFORM_ERROR_INVALID_ARGUMENT;
    std::string before = lastError();
    deform_status s =
        deform_parallel_for(a.h, n, grain, nullFn ? nullptr : body, &loop);
    // Failing nested calls in the bodies set the last error of the threads
    // that run them, this one included.
    expect("deform_parallel_for", s, want, before, loop.nested == 0);
    if (s == DEFORM_OK)
      loop.check("deform_parallel_for");
  }

  void kernelParallelFor() {
    ContextArg a; // NULL: the runtime's default context.
    if (in.u8() >= 64)
      a = contextArg();
    int64_t n = in.u8() % 8 == 0 ? -int64_t(in.u8()) : in.range(0, kMaxLoop);
    Loop loop(std::max<int64_t>(n, 0));
    chooseNested(loop);
    deform_kernel_parallel_for(a.h, n, body, &loop);
    // Whatever the context: every tile runs once (serially if it is bad).
    loop.check("deform_kernel_parallel_for");
    deform_kernel_parallel_for(a.h, n, nullptr, &loop); // No-op.
  }

  void validate() {
    ContextArg a = contextArg();
    const char *names[] = {nullptr, "my_layer_main_on", "f"};
    const char *fn = names[in.u8() % 3];
    std::string before = lastError();
    deform_status s = deform_context_validate(a.h, fn);
    expect(fn ? fn : "deform_context_validate", s, contextStatus(a), before);
  }

  void cpuThreads() {
    ContextArg a = contextArg();
    int32_t got = deform_context_cpu_threads(a.h);
    if (a.kind == Kind::Live) {
      if (got != contexts[a.index].threads || got < 1)
        finding("deform_context_cpu_threads = %d, expected %d", got,
                contexts[a.index].threads);
      return;
    }
    if (got != 0)
      finding("deform_context_cpu_threads of a bad handle = %d", got);
    expectFailure("deform_context_cpu_threads", contextStatus(a),
                  contextStatus(a));
  }

  void setError() {
    int32_t status = int32_t(in.range(0, 7));
    const char *functions[] = {nullptr, "layer_main", "", "deform_x"};
    std::string longFunction;
    const char *function = functions[in.u8() % 4];
    if (in.u8() < 8) {
      // A name that alone fills the 8192-byte buffer (finding runtime-1).
      longFunction.assign(size_t(in.range(8000, 9000)), 'f');
      function = longFunction.c_str();
    }
    std::string text;
    size_t length = in.u8() < 32 ? size_t(in.range(8000, 9000)) : in.u8() % 40;
    for (size_t i = 0; i < length; ++i)
      text.push_back(char('a' + i % 26));
    bool nullFormat = in.u8() < 16;
    int number = int(in.u16());
    deform_status s =
        nullFormat ? deform_set_error(statusFromInt(status), function, nullptr)
                   : deform_set_error(statusFromInt(status), function,
                                      "%s #%d", text.c_str(), number);
    if (s != statusFromInt(status))
      finding("deform_set_error returned %d, expected %d", int(s), status);
    std::string full = std::string(function ? function : "?") + ": " +
                       (nullFormat ? std::string("?")
                                   : text + " #" + std::to_string(number));
    const char *msg = deform_last_error();
    size_t len = std::strlen(msg);
    if (full.size() <= 8191) {
      if (full != msg)
        finding("deform_set_error: last error \"%.200s\", expected \"%.200s\"",
                msg, full.c_str());
      return;
    }
    // Longer messages are truncated to 8191 bytes and end in "...".
    if (len != 8191 || std::strncmp(msg, full.c_str(), 8188) != 0 ||
        std::strcmp(msg + 8188, "...") != 0)
      finding("deform_set_error: a message of %zu bytes (function name of "
              "%zu) became %zu bytes ending in \"%s\"; the header says "
              "messages over 8191 bytes are truncated and end in \"...\"",
              full.size(), std::strlen(function ? function : "?"), len,
              len >= 3 ? msg + len - 3 : msg);
  }

  void statusString() {
    int32_t v = in.coin() ? int32_t(in.range(0, 7)) : int32_t(in.u32());
    const char *name = deformStatusStringOfInt(v);
    if (!name)
      finding("deform_status_string(%d) is NULL", v);
    const char *names[] = {"DEFORM_OK",
                           "DEFORM_ERROR_INVALID_ARGUMENT",
                           "DEFORM_ERROR_OUT_OF_MEMORY",
                           "DEFORM_ERROR_BUFFER_TOO_SMALL",
                           "DEFORM_ERROR_DESTROYED_CONTEXT",
                           "DEFORM_ERROR_NO_DEVICE",
                           "DEFORM_ERROR_DEVICE",
                           "DEFORM_ERROR_SHAPE_MISMATCH"};
    const char *want = v >= 0 && v <= 7 ? names[v] : "unknown deform_status";
    if (std::strcmp(name, want) != 0)
      finding("deform_status_string(%d) = \"%s\", expected \"%s\"", v, name,
              want);
  }

  /// Every CUDA call on a CPU context (or a bad handle) fails as documented.
  void cudaOnCpu() {
    unsigned which = in.u8() % 7;
    if (which < 3) {
      ContextArg a = contextArg();
      if (a.kind == Kind::Live && contexts[a.index].cuda)
        return;
      deform_status want = contextStatus(a);
      if (want == DEFORM_OK)
        want = DEFORM_ERROR_NO_DEVICE;
      std::string before = lastError();
      static const char image[] = ".version 7.0\n.target sm_50\n";
      void *module = reinterpret_cast<void *>(uintptr_t(0x1234));
      uint32_t grid[3] = {1, 1, 1}, block[3] = {32, 1, 1};
      if (which == 0) {
        bool nullOut = in.u8() < 32;
        deform_status s = deform_cuda_module_load(
            a.h, in.coin() ? image : nullptr, in.coin() ? sizeof image : 0,
            nullOut ? nullptr : &module);
        expect("deform_cuda_module_load", s,
               nullOut ? DEFORM_ERROR_INVALID_ARGUMENT : want, before);
        if (!nullOut && module)
          finding("deform_cuda_module_load failed but set *module_out");
      } else if (which == 1) {
        deform_status s =
            deform_cuda_module_unload(a.h, in.coin() ? module : nullptr);
        expect("deform_cuda_module_unload", s, want, before);
      } else {
        deform_status s = deform_cuda_launch(
            a.h, in.coin() ? module : nullptr, in.coin() ? "k" : nullptr,
            in.coin() ? grid : nullptr, in.coin() ? block : nullptr, 0, nullptr);
        expect("deform_cuda_launch", s, want, before);
      }
      return;
    }
    if (which == 6) {
      int available = deform_cuda_available();
      if (!available && !*deform_last_error())
        finding("deform_cuda_available() is 0 without a message");
      return;
    }
    BufferArg b = bufferArg();
    if (b.kind == Kind::Live && contexts[buffers[b.index].ctx].cuda)
      return;
    deform_status want = bufferStatus(b);
    if (want == DEFORM_OK)
      want = DEFORM_ERROR_NO_DEVICE;
    std::string before = lastError();
    if (which == 3) {
      bool nullOut = in.u8() < 32;
      uint64_t address = 77;
      deform_status s =
          deform_buffer_device_pointer(b.h, nullOut ? nullptr : &address);
      expect("deform_buffer_device_pointer", s,
             nullOut ? DEFORM_ERROR_INVALID_ARGUMENT : want, before);
      if (!nullOut && address != 0)
        finding("deform_buffer_device_pointer failed but set *out");
    } else if (which == 4) {
      expect("deform_buffer_sync_to_device", deform_buffer_sync_to_device(b.h),
             want, before);
    } else {
      expect("deform_buffer_sync_to_host", deform_buffer_sync_to_host(b.h),
             want, before);
    }
  }

  /// Another thread is inside a deform_parallel_for on a context when it is
  /// destroyed: destroy returns at once, new calls fail, the loop finishes.
  void concurrentDestroy() {
    if (contexts.empty())
      return;
    size_t index = in.u8() % contexts.size();
    Ctx &c = contexts[index];
    if (!c.live)
      return;
    Loop loop(in.range(1, 64));
    loop.nested = 4;
    int64_t grain = in.range(1, 8);
    deform_status loopStatus = DEFORM_ERROR_DEVICE;
    std::thread t([&] {
      loopStatus = deform_parallel_for(c.h, loop.n, grain, body, &loop);
      if (loopStatus != DEFORM_OK)
        loop.entered = true; // Do not wait forever.
    });
    while (!loop.entered)
      std::this_thread::yield();
    std::string before = lastError();
    expect("deform_context_destroy", deform_context_destroy(c.h), DEFORM_OK,
           before);
    killContext(index);
    deform_buffer *b = nullptr;
    expect("deform_buffer_create", deform_buffer_create(c.h, 16, &b),
           DEFORM_ERROR_DESTROYED_CONTEXT, before);
    expect("deform_parallel_for",
           deform_parallel_for(c.h, 4, 1, innerBody, &loop),
           DEFORM_ERROR_DESTROYED_CONTEXT, before);
    loop.release = true;
    t.join();
    if (loopStatus != DEFORM_OK)
      finding("deform_parallel_for during a concurrent destroy returned %s",
              statusName(loopStatus));
    loop.check("deform_parallel_for during a concurrent destroy");
  }

  /// Two threads run loops on one context at once (they are serialized).
  void concurrentLoops() {
    ContextArg a = contextArg();
    if (a.kind != Kind::Live)
      return;
    Loop first(in.range(1, kMaxLoop)), second(in.range(1, kMaxLoop));
    int64_t grain1 = in.range(1, 16), grain2 = in.range(1, 16);
    deform_status s1 = DEFORM_ERROR_DEVICE;
    std::thread t([&] {
      s1 = deform_parallel_for(a.h, first.n, grain1, body, &first);
    });
    deform_status s2 = deform_parallel_for(a.h, second.n, grain2, body, &second);
    t.join();
    if (s1 != DEFORM_OK || s2 != DEFORM_OK)
      finding("concurrent deform_parallel_for returned %s and %s",
              statusName(s1), statusName(s2));
    first.check("concurrent deform_parallel_for (thread)");
    second.check("concurrent deform_parallel_for (main)");
  }

  /// A loop body destroys its own context: detected, released afterwards.
  void destroyFromBody() {
    if (contexts.empty())
      return;
    size_t index = in.u8() % contexts.size();
    if (!contexts[index].live)
      return;
    deform_context *h = contexts[index].h;
    Loop loop(in.range(1, 64));
    loop.nested = 3;
    loop.self = h;
    bool kernel = in.coin();
    deform_status s = DEFORM_OK;
    std::string before = lastError();
    if (kernel)
      deform_kernel_parallel_for(h, loop.n, body, &loop);
    else
      s = deform_parallel_for(h, loop.n, in.range(1, 8), body, &loop);
    killContext(index);
    if (s != DEFORM_OK)
      finding("deform_parallel_for whose body destroys its context returned %s",
              statusName(s));
    if (loop.destroyStatus != int(DEFORM_OK))
      finding("deform_context_destroy from inside a loop body returned %d",
              loop.destroyStatus.load());
    loop.check(kernel ? "deform_kernel_parallel_for (destroying body)"
                      : "deform_parallel_for (destroying body)");
    expect("deform_context_validate", deform_context_validate(h, nullptr),
           DEFORM_ERROR_DESTROYED_CONTEXT, before);
  }

  void optionsInit() {
    deform_context_options_init(nullptr); // Does nothing.
    deform_context_options o;
    std::memset(&o, 0xff, sizeof o);
    deform_context_options_init(&o);
    if (o.cpu_threads != 0 || o.device != DEFORM_DEVICE_CPU ||
        o.cuda_device_ordinal != 0)
      finding("deform_context_options_init did not set the defaults");
  }

  /// Destroys everything (in an order the input picks) and checks that every
  /// handle is stale afterwards.
  void finish() {
    for (size_t i = 0; i < buffers.size(); ++i) {
      Buf &b = buffers[i];
      if (b.live && in.coin()) {
        std::string before = lastError();
        expect("deform_buffer_destroy", deform_buffer_destroy(b.h), DEFORM_OK,
               before);
        b.live = false;
      }
    }
    for (size_t i = 0; i < contexts.size(); ++i) {
      if (!contexts[i].live)
        continue;
      std::string before = lastError();
      expect("deform_context_destroy", deform_context_destroy(contexts[i].h),
             DEFORM_OK, before);
      killContext(i);
    }
    for (const Buf &b : buffers) {
      if (deform_buffer_size(b.h) != 0)
        finding("a buffer handle is still live after its context was "
                "destroyed");
      expectFailure("deform_buffer_size", DEFORM_ERROR_INVALID_ARGUMENT,
                    DEFORM_ERROR_INVALID_ARGUMENT);
    }
    for (const Ctx &c : contexts) {
      std::string before = lastError();
      expect("deform_context_validate", deform_context_validate(c.h, nullptr),
             DEFORM_ERROR_DESTROYED_CONTEXT, before);
    }
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ByteReader in(data, size);
  Program(in).run();
  return 0;
}
