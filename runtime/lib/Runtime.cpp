//===- Runtime.cpp - deform-mlir runtime C API ----------------------------===//
//
// Implements deform_runtime.h. Plain C++17 + pthreads + dlopen; no MLIR,
// LLVM or CUDA dependency.
//
// Handles. deform_context* / deform_buffer* values are not addresses: a
// handle encodes (generation, slot, tag) in a pointer-sized integer,
//     64-bit: [generation:32][slot:24][tag:8]     32-bit: [gen:12][slot:12][tag:8]
// The tag (0xC5 context, 0xB7 buffer) is never 0, so a handle is never NULL,
// and its low byte makes it misaligned for any real object, so a stray real
// pointer does not decode as a valid handle. The slot indexes a process-wide
// table whose entries own the object through a shared_ptr. Destroy frees the
// object (once the last in-flight call holding a reference returns) and bumps
// the slot's generation; a later use of the old handle finds a newer
// generation and is reported as stale without touching freed memory. A slot
// whose generation would wrap is retired forever, so stale handles never alias
// newer objects. Freed slots are reused FIFO and only once kReuseThreshold of
// them are waiting, which keeps the death reason of recent handles around for
// better messages. Nothing is retained after destroy except the slot record.
//
//===----------------------------------------------------------------------===//

#include "deform/runtime/deform_runtime.h"

#include "CudaDriver.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <cstdlib>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

namespace cu = deform::runtime::cuda;

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

/// The calling thread's last error. A fixed buffer, not a std::string: the
/// pointer deform_last_error() returns stays valid for the thread's lifetime
/// (only the text changes), and reporting an error never allocates.
constexpr size_t kErrorCapacity = 8192;
thread_local char tlsLastError[kErrorCapacity];

/// Writes "<fn>: <message>" into the calling thread's error buffer.
deform_status vfail(deform_status status, const char *fn, const char *fmt,
                    va_list args) {
  int used = std::snprintf(tlsLastError, kErrorCapacity, "%s: ", fn);
  int more = 0;
  if (used >= 0 && static_cast<size_t>(used) < kErrorCapacity)
    more = std::vsnprintf(tlsLastError + used, kErrorCapacity - used, fmt,
                          args);
  // Mark a truncated message, whether the name or the text overflowed.
  if (used < 0 || more < 0 ||
      static_cast<size_t>(used) + static_cast<size_t>(more) >= kErrorCapacity)
    std::memcpy(tlsLastError + kErrorCapacity - 4, "...", 4);
  return status;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
deform_status
fail(deform_status status, const char *fn, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vfail(status, fn, fmt, args);
  va_end(args);
  return status;
}

/// Runs an API body, turning any C++ exception into a status: nothing may
/// propagate through the C interface.
template <typename F> deform_status guarded(const char *fn, F &&body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn, "out of memory");
  } catch (const std::exception &e) {
    return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn, "resource exhausted: %s",
                e.what());
  } catch (...) {
    return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn, "unknown internal error");
  }
}

unsigned long long hv(uintptr_t h) { return static_cast<unsigned long long>(h); }

//===----------------------------------------------------------------------===//
// Thread pool
//===----------------------------------------------------------------------===//

/// > 0 while the current thread runs a deform_parallel_for body (of any
/// context); nested calls then run serially on the calling thread.
thread_local int tlsParallelDepth = 0;

class ThreadPool {
public:
  /// Starts `workers` threads. Throws std::system_error / std::bad_alloc
  /// (after joining whatever it started) if threads cannot be created.
  explicit ThreadPool(int workers) {
    try {
      threads.reserve(static_cast<size_t>(workers));
      for (int i = 0; i < workers; ++i)
        threads.emplace_back([this] { workerLoop(); });
    } catch (...) {
      shutdown();
      throw;
    }
  }
  ~ThreadPool() { shutdown(); }
  /// Threads that run a job, the caller included.
  int64_t size() const { return static_cast<int64_t>(threads.size()) + 1; }
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  void run(int64_t n, int64_t grain, deform_range_fn fn, void *user) {
    Job job(fn, user, n, grain);
    if (threads.empty() || job.chunks == 1 || tlsParallelDepth > 0) {
      work(job);
      return;
    }
    std::lock_guard<std::mutex> submitLock(submit);
    {
      std::lock_guard<std::mutex> lock(m);
      current = &job;
      ++epoch;
    }
    cvWork.notify_all();
    work(job);
    std::unique_lock<std::mutex> lock(m);
    current = nullptr; // Late workers see no job.
    cvDone.wait(lock, [this] { return active == 0; });
  }

private:
  struct Job {
    Job(deform_range_fn f, void *u, int64_t count, int64_t g)
        : fn(f), user(u), n(count), grain(g),
          chunks(count / g + (count % g != 0)) {}
    deform_range_fn fn;
    void *user;
    int64_t n, grain, chunks;
    std::atomic<int64_t> next{0};
  };

  static void work(Job &job) {
    ++tlsParallelDepth;
    for (;;) {
      int64_t k = job.next.fetch_add(1, std::memory_order_relaxed);
      if (k >= job.chunks)
        break;
      int64_t first = k * job.grain; // <= n - 1: no overflow.
      int64_t last = first + std::min(job.grain, job.n - first);
      job.fn(first, last, job.user);
    }
    --tlsParallelDepth;
  }

  void workerLoop() {
    uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(m);
    for (;;) {
      cvWork.wait(lock, [&] { return stop || epoch != seen; });
      if (stop)
        return;
      seen = epoch;
      Job *job = current;
      if (!job)
        continue;
      ++active;
      lock.unlock();
      work(*job);
      lock.lock();
      if (--active == 0)
        cvDone.notify_all();
    }
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(m);
      stop = true;
    }
    cvWork.notify_all();
    for (std::thread &t : threads) {
      if (!t.joinable())
        continue;
      // Defensive: a worker never drops the last reference to its own
      // context (the deform_parallel_for caller holds one), but never
      // self-join if it somehow does.
      if (t.get_id() == std::this_thread::get_id())
        t.detach();
      else
        t.join();
    }
    threads.clear();
  }

  std::mutex submit; // Serializes jobs from different calling threads.
  std::mutex m;
  std::condition_variable cvWork, cvDone;
  Job *current = nullptr;
  uint64_t epoch = 0;
  int active = 0;
  bool stop = false;
  std::vector<std::thread> threads;
};

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

/// Pushes a CUDA context for the lifetime of the scope.
class CudaScope {
public:
  CudaScope(const cu::Driver *driver, cu::CUcontext c) : d(driver) {
    result = d->cuCtxPushCurrent(c);
  }
  ~CudaScope() {
    if (result == cu::CUDA_SUCCESS) {
      cu::CUcontext popped = nullptr;
      d->cuCtxPopCurrent(&popped);
    }
  }
  CudaScope(const CudaScope &) = delete;
  CudaScope &operator=(const CudaScope &) = delete;
  cu::CUresult result;

private:
  const cu::Driver *d;
};

struct ContextImpl {
  uintptr_t handle = 0;
  deform_device device = DEFORM_DEVICE_CPU;
  int32_t threads = 1;
  std::unique_ptr<ThreadPool> pool;
  /// Handles of the live buffers of this context. Guarded by the registry
  /// mutex (exclusive).
  std::unordered_set<uintptr_t> buffers;

  // CUDA (device == DEFORM_DEVICE_CUDA).
  const cu::Driver *drv = nullptr;
  cu::CUdevice cuDevice = 0;
  cu::CUcontext cuContext = nullptr; // Retained primary context.
  cu::CUstream cuStream = nullptr;   // The context's stream: launches, copies.
  /// Serializes module load/unload and launches; guards `modules`.
  std::mutex cudaMutex;
  struct Module {
    std::unordered_map<std::string, cu::CUfunction> functions;
  };
  std::unordered_map<cu::CUmodule, Module> modules;

  ContextImpl() = default;
  ContextImpl(const ContextImpl &) = delete;
  ContextImpl &operator=(const ContextImpl &) = delete;
  ~ContextImpl() {
    pool.reset(); // Joins the workers.
    if (cuContext) {
      {
        CudaScope scope(drv, cuContext);
        if (scope.result == cu::CUDA_SUCCESS) {
          for (auto &entry : modules)
            drv->cuModuleUnload(entry.first);
          if (cuStream)
            drv->cuStreamDestroy(cuStream);
        }
      }
      drv->cuDevicePrimaryCtxRelease(cuDevice);
    }
  }
};

struct BufferImpl {
  std::shared_ptr<ContextImpl> ctx; // Keeps the context alive while in use.
  void *data = nullptr;
  size_t size = 0;
  std::mutex deviceMutex; // Guards `device`.
  cu::CUdeviceptr device = 0;

  BufferImpl() = default;
  BufferImpl(const BufferImpl &) = delete;
  BufferImpl &operator=(const BufferImpl &) = delete;
  ~BufferImpl() {
    if (device && ctx && ctx->cuContext) {
      CudaScope scope(ctx->drv, ctx->cuContext);
      if (scope.result == cu::CUDA_SUCCESS)
        ctx->drv->cuMemFree(device);
    }
    if (data)
      ::operator delete(data, std::align_val_t(64));
  }
};

//===----------------------------------------------------------------------===//
// Handle tables
//===----------------------------------------------------------------------===//

constexpr bool k64 = sizeof(uintptr_t) >= 8;
constexpr unsigned kTagBits = 8;
constexpr unsigned kSlotBits = k64 ? 24 : 12;
constexpr unsigned kGenBits = k64 ? 32 : 12;
constexpr uint64_t kMaxSlots = uint64_t(1) << kSlotBits;
constexpr uint64_t kMaxGen = (uint64_t(1) << kGenBits) - 1;
constexpr size_t kReuseThreshold = 1024;
constexpr uintptr_t kTagContext = 0xC5;
constexpr uintptr_t kTagBuffer = 0xB7;

enum class Death : uint8_t { Unknown, Destroyed, WithContext };

enum class Lookup { Ok, Null, Stale, WrongKind, Invalid };

template <typename T> class Table {
public:
  explicit Table(uintptr_t t) : tag(t) {}

  /// Stores `obj` in a slot; returns its handle, or 0 if the table is full.
  uintptr_t insert(std::shared_ptr<T> obj) {
    uint64_t index;
    if (!freeSlots.empty() &&
        (freeSlots.size() >= kReuseThreshold || slots.size() >= kMaxSlots)) {
      index = freeSlots.front();
      freeSlots.pop_front();
    } else if (slots.size() < kMaxSlots) {
      slots.emplace_back();
      index = slots.size() - 1;
    } else {
      return 0;
    }
    Slot &s = slots[index];
    s.live = true;
    s.obj = std::move(obj);
    return encode(s.gen, index);
  }

  /// Decodes `h`; on Ok, `slot` is the live slot.
  Lookup find(uintptr_t h, uint64_t &index) const {
    if (h == 0)
      return Lookup::Null;
    uintptr_t t = h & ((uintptr_t(1) << kTagBits) - 1);
    if (t != tag)
      return (t == kTagContext || t == kTagBuffer) ? Lookup::WrongKind
                                                   : Lookup::Invalid;
    index = (h >> kTagBits) & (kMaxSlots - 1);
    uint64_t gen = static_cast<uint64_t>(h) >> (kTagBits + kSlotBits);
    if (gen == 0 || gen > kMaxGen || index >= slots.size())
      return Lookup::Invalid;
    const Slot &s = slots[index];
    if (s.live && gen == s.gen)
      return Lookup::Ok;
    if (gen <= s.gen)
      return Lookup::Stale;
    return Lookup::Invalid; // A generation that was never handed out.
  }

  /// Why the object of stale handle `h` died, if the slot still knows.
  Death deathOf(uintptr_t h) const {
    uint64_t index = (h >> kTagBits) & (kMaxSlots - 1);
    uint64_t gen = static_cast<uint64_t>(h) >> (kTagBits + kSlotBits);
    if (index >= slots.size())
      return Death::Unknown;
    const Slot &s = slots[index];
    bool latest = s.retired ? gen == s.gen : (!s.live && gen + 1 == s.gen);
    return latest ? s.death : Death::Unknown;
  }

  std::shared_ptr<T> &object(uint64_t index) { return slots[index].obj; }

  /// Kills the live slot `index`; returns its object (to be dropped by the
  /// caller outside the registry lock).
  std::shared_ptr<T> release(uint64_t index, Death why) {
    Slot &s = slots[index];
    std::shared_ptr<T> obj = std::move(s.obj);
    s.obj.reset();
    s.live = false;
    s.death = why;
    if (s.gen < kMaxGen) {
      ++s.gen;
      freeSlots.push_back(static_cast<uint32_t>(index));
    } else {
      s.retired = true; // Never reused: old handles stay detectably stale.
    }
    return obj;
  }

private:
  struct Slot {
    uint64_t gen = 1;
    bool live = false;
    bool retired = false;
    Death death = Death::Unknown;
    std::shared_ptr<T> obj;
  };
  uintptr_t encode(uint64_t gen, uint64_t index) const {
    return static_cast<uintptr_t>((gen << (kTagBits + kSlotBits)) |
                                  (index << kTagBits) | tag);
  }
  uintptr_t tag;
  std::vector<Slot> slots;
  std::deque<uint32_t> freeSlots;
};

struct Registry {
  std::shared_mutex mutex;
  Table<ContextImpl> contexts{kTagContext};
  Table<BufferImpl> buffers{kTagBuffer};
};

Registry &registry() {
  // Never destroyed: handles may be used from threads that outlive main, and
  // contexts the application did not destroy stay reachable (not leaks).
  static Registry *r = new Registry();
  return *r;
}

uintptr_t raw(const deform_context *c) { return reinterpret_cast<uintptr_t>(c); }
uintptr_t raw(const deform_buffer *b) { return reinterpret_cast<uintptr_t>(b); }

/// Reports a failed lookup of handle `h` (argument `arg` of `fn`).
deform_status badContext(Registry &r, Lookup l, const char *fn, const char *arg,
                         uintptr_t h) {
  (void)r;
  switch (l) {
  case Lookup::Null:
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "%s is NULL", arg);
  case Lookup::Stale:
    return fail(DEFORM_ERROR_DESTROYED_CONTEXT, fn,
                "%s 0x%llx is a destroyed context", arg, hv(h));
  case Lookup::WrongKind:
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s 0x%llx is a deform_buffer handle, not a deform_context",
                arg, hv(h));
  default:
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s 0x%llx is not a deform_context handle", arg, hv(h));
  }
}

deform_status badBuffer(Registry &r, Lookup l, const char *fn, const char *arg,
                        uintptr_t h) {
  switch (l) {
  case Lookup::Null:
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "%s is NULL", arg);
  case Lookup::Stale: {
    Death d = r.buffers.deathOf(h);
    const char *why =
        d == Death::Destroyed     ? "it was destroyed by deform_buffer_destroy"
        : d == Death::WithContext ? "it was destroyed with its context"
                                  : "it was destroyed, directly or with its "
                                    "context";
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s 0x%llx is a stale buffer handle (%s)", arg, hv(h), why);
  }
  case Lookup::WrongKind:
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s 0x%llx is a deform_context handle, not a deform_buffer",
                arg, hv(h));
  default:
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s 0x%llx is not a deform_buffer handle", arg, hv(h));
  }
}

deform_status getContext(const char *fn, const char *arg, uintptr_t h,
                         std::shared_ptr<ContextImpl> &out) {
  Registry &r = registry();
  std::shared_lock<std::shared_mutex> lock(r.mutex);
  uint64_t index = 0;
  Lookup l = r.contexts.find(h, index);
  if (l != Lookup::Ok)
    return badContext(r, l, fn, arg, h);
  out = r.contexts.object(index);
  return DEFORM_OK;
}

deform_status getBuffer(const char *fn, const char *arg, uintptr_t h,
                        std::shared_ptr<BufferImpl> &out) {
  Registry &r = registry();
  std::shared_lock<std::shared_mutex> lock(r.mutex);
  uint64_t index = 0;
  Lookup l = r.buffers.find(h, index);
  if (l != Lookup::Ok)
    return badBuffer(r, l, fn, arg, h);
  out = r.buffers.object(index);
  return DEFORM_OK;
}

deform_status requireCuda(const char *fn, const ContextImpl &c) {
  if (c.device == DEFORM_DEVICE_CUDA && c.cuContext)
    return DEFORM_OK;
  return fail(DEFORM_ERROR_NO_DEVICE, fn,
              "context 0x%llx was created for DEFORM_DEVICE_CPU; CUDA calls "
              "need a DEFORM_DEVICE_CUDA context",
              hv(c.handle));
}

deform_status cudaError(const char *fn, const cu::Driver &d, const char *what,
                        cu::CUresult r) {
  return fail(DEFORM_ERROR_DEVICE, fn, "%s failed: %s", what,
              cu::describe(d, r).c_str());
}

/// Allocates the buffer's device mirror if it has none. Caller holds
/// b.deviceMutex and has pushed the context.
deform_status ensureDevice(const char *fn, BufferImpl &b) {
  if (b.device)
    return DEFORM_OK;
  const cu::Driver &d = *b.ctx->drv;
  cu::CUdeviceptr p = 0;
  cu::CUresult r = d.cuMemAlloc(&p, b.size);
  if (r != cu::CUDA_SUCCESS)
    return fail(DEFORM_ERROR_DEVICE, fn,
                "cuMemAlloc of %zu bytes for the device mirror failed: %s",
                b.size, cu::describe(d, r).c_str());
  b.device = p;
  return DEFORM_OK;
}

static_assert(sizeof(deform_device) == sizeof(int32_t) &&
                  sizeof(deform_status) == sizeof(int32_t),
              "the C enums must be int-sized");

/// An enum passed in from C may hold any int; read it as an integer (an
/// out-of-range value loaded as the C++ enum would be undefined behaviour).
template <typename E> int32_t enumValue(const E &e) {
  int32_t v;
  std::memcpy(&v, &e, sizeof v);
  return v;
}

} // namespace

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

extern "C" const char *deform_last_error(void) { return tlsLastError; }

extern "C" deform_status deform_set_error(deform_status status,
                                          const char *function,
                                          const char *format, ...) {
  if (!format)
    return fail(status, function ? function : "?", "?");
  va_list args;
  va_start(args, format);
  vfail(status, function ? function : "?", format, args);
  va_end(args);
  return status;
}

extern "C" const char *deform_status_string(deform_status s) {
  switch (enumValue(s)) {
  case DEFORM_OK:
    return "DEFORM_OK";
  case DEFORM_ERROR_INVALID_ARGUMENT:
    return "DEFORM_ERROR_INVALID_ARGUMENT";
  case DEFORM_ERROR_OUT_OF_MEMORY:
    return "DEFORM_ERROR_OUT_OF_MEMORY";
  case DEFORM_ERROR_BUFFER_TOO_SMALL:
    return "DEFORM_ERROR_BUFFER_TOO_SMALL";
  case DEFORM_ERROR_DESTROYED_CONTEXT:
    return "DEFORM_ERROR_DESTROYED_CONTEXT";
  case DEFORM_ERROR_NO_DEVICE:
    return "DEFORM_ERROR_NO_DEVICE";
  case DEFORM_ERROR_DEVICE:
    return "DEFORM_ERROR_DEVICE";
  case DEFORM_ERROR_SHAPE_MISMATCH:
    return "DEFORM_ERROR_SHAPE_MISMATCH";
  }
  return "unknown deform_status";
}

//===----------------------------------------------------------------------===//
// Contexts
//===----------------------------------------------------------------------===//

extern "C" void deform_context_options_init(deform_context_options *o) {
  if (!o)
    return;
  o->cpu_threads = 0;
  o->device = DEFORM_DEVICE_CPU;
  o->cuda_device_ordinal = 0;
}

extern "C" deform_status deform_context_create(const deform_context_options *o,
                                               deform_context **out) {
  static const char *fn = "deform_context_create";
  if (!out)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "out is NULL");
  *out = nullptr;
  deform_context_options opts;
  deform_context_options_init(&opts);
  if (o)
    opts = *o;
  int device = enumValue(opts.device);
  if (device != DEFORM_DEVICE_CPU && device != DEFORM_DEVICE_CUDA)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "options->device %d is not DEFORM_DEVICE_CPU (0) or "
                "DEFORM_DEVICE_CUDA (1)",
                device);
  if (opts.cpu_threads < 0 || opts.cpu_threads > 1024)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "options->cpu_threads %d is outside [0, 1024]",
                static_cast<int>(opts.cpu_threads));
  if (device == DEFORM_DEVICE_CUDA && opts.cuda_device_ordinal < 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "options->cuda_device_ordinal %d is negative",
                static_cast<int>(opts.cuda_device_ordinal));

  return guarded(fn, [&]() -> deform_status {
    auto ctx = std::make_shared<ContextImpl>();
    ctx->device = static_cast<deform_device>(device);

    if (device == DEFORM_DEVICE_CUDA) {
      std::string why;
      const cu::Driver *d = cu::load(why);
      if (!d)
        return fail(DEFORM_ERROR_NO_DEVICE, fn, "%s", why.c_str());
      int count = 0;
      cu::CUresult r = d->cuDeviceGetCount(&count);
      if (r != cu::CUDA_SUCCESS)
        return cudaError(fn, *d, "cuDeviceGetCount", r);
      if (opts.cuda_device_ordinal >= count)
        return fail(DEFORM_ERROR_NO_DEVICE, fn,
                    "options->cuda_device_ordinal %d names no CUDA device "
                    "(the driver reports %d)",
                    static_cast<int>(opts.cuda_device_ordinal), count);
      cu::CUdevice dev = 0;
      r = d->cuDeviceGet(&dev, opts.cuda_device_ordinal);
      if (r != cu::CUDA_SUCCESS)
        return cudaError(fn, *d, "cuDeviceGet", r);
      cu::CUcontext c = nullptr;
      r = d->cuDevicePrimaryCtxRetain(&c, dev);
      if (r != cu::CUDA_SUCCESS)
        return cudaError(fn, *d, "cuDevicePrimaryCtxRetain", r);
      ctx->drv = d;
      ctx->cuDevice = dev;
      ctx->cuContext = c; // Released by ~ContextImpl from here on.
      CudaScope scope(d, c);
      if (scope.result != cu::CUDA_SUCCESS)
        return cudaError(fn, *d, "cuCtxPushCurrent", scope.result);
      r = d->cuStreamCreate(&ctx->cuStream, cu::CU_STREAM_NON_BLOCKING);
      if (r != cu::CUDA_SUCCESS)
        return cudaError(fn, *d, "cuStreamCreate", r);
    }

    int threads = opts.cpu_threads;
    if (threads == 0) {
      unsigned hw = std::thread::hardware_concurrency();
      threads = hw == 0 ? 1 : static_cast<int>(std::min(hw, 1024u));
    }
    try {
      ctx->pool = std::make_unique<ThreadPool>(threads - 1);
    } catch (const std::system_error &e) {
      return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn,
                  "cannot start %d worker threads: %s", threads - 1, e.what());
    }
    ctx->threads = threads;

    Registry &reg = registry();
    std::unique_lock<std::shared_mutex> lock(reg.mutex);
    uintptr_t h = reg.contexts.insert(ctx);
    if (!h)
      return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn,
                  "too many live contexts (the handle table is full)");
    ctx->handle = h;
    *out = reinterpret_cast<deform_context *>(h);
    return DEFORM_OK;
  });
}

extern "C" deform_status deform_context_destroy(deform_context *ctx) {
  static const char *fn = "deform_context_destroy";
  uintptr_t h = raw(ctx);
  std::shared_ptr<ContextImpl> dying;
  std::vector<std::shared_ptr<BufferImpl>> dyingBuffers;
  deform_status s = guarded(fn, [&]() -> deform_status {
    Registry &r = registry();
    std::unique_lock<std::shared_mutex> lock(r.mutex);
    uint64_t index = 0;
    Lookup l = r.contexts.find(h, index);
    if (l != Lookup::Ok)
      return badContext(r, l, fn, "ctx", h);
    ContextImpl &c = *r.contexts.object(index);
    dyingBuffers.reserve(c.buffers.size());
    for (uintptr_t bh : c.buffers) {
      uint64_t bi = 0;
      if (r.buffers.find(bh, bi) == Lookup::Ok)
        dyingBuffers.push_back(r.buffers.release(bi, Death::WithContext));
    }
    c.buffers.clear();
    dying = r.contexts.release(index, Death::Destroyed);
    return DEFORM_OK;
  });
  // Objects are freed here, outside the registry lock: joining the workers
  // must not block loop bodies that call into the runtime.
  dyingBuffers.clear();
  dying.reset();
  return s;
}

extern "C" deform_status deform_context_validate(const deform_context *ctx,
                                                 const char *function) {
  std::shared_ptr<ContextImpl> c;
  return getContext(function ? function : "deform_context_validate", "ctx",
                    raw(ctx), c);
}

extern "C" int32_t deform_context_cpu_threads(const deform_context *ctx) {
  std::shared_ptr<ContextImpl> c;
  if (getContext("deform_context_cpu_threads", "ctx", raw(ctx), c) != DEFORM_OK)
    return 0;
  return c->threads;
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

extern "C" deform_status deform_buffer_create(deform_context *ctx, size_t bytes,
                                              deform_buffer **out) {
  static const char *fn = "deform_buffer_create";
  if (!out)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "out is NULL");
  *out = nullptr;
  std::shared_ptr<ContextImpl> c;
  if (deform_status s = getContext(fn, "ctx", raw(ctx), c))
    return s;
  if (bytes == 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "size 0: a buffer must hold at least one byte");
  // Sizes above PTRDIFF_MAX cannot be allocated (and would overflow the
  // round-up below); reject them before asking the allocator.
  if (bytes > static_cast<size_t>(PTRDIFF_MAX))
    return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn,
                "size %zu is larger than the largest possible allocation",
                bytes);
  // Declared outside the lambda: on failure the buffer is freed after the
  // registry lock is released.
  std::shared_ptr<BufferImpl> b;
  return guarded(fn, [&]() -> deform_status {
    b = std::make_shared<BufferImpl>();
    size_t rounded = (bytes + 63) & ~size_t(63);
    void *p = ::operator new(rounded, std::align_val_t(64), std::nothrow);
    if (!p)
      return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn,
                  "cannot allocate %zu bytes", bytes);
    std::memset(p, 0, rounded);
    b->data = p;
    b->size = bytes;
    b->ctx = c;

    Registry &r = registry();
    std::unique_lock<std::shared_mutex> lock(r.mutex);
    uint64_t ci = 0;
    // The context may have been destroyed while we allocated.
    Lookup l = r.contexts.find(raw(ctx), ci);
    if (l != Lookup::Ok)
      return badContext(r, l, fn, "ctx", raw(ctx));
    uintptr_t h = r.buffers.insert(b); // Strong exception guarantee.
    if (!h)
      return fail(DEFORM_ERROR_OUT_OF_MEMORY, fn,
                  "too many live buffers (the handle table is full)");
    try {
      c->buffers.insert(h);
    } catch (...) {
      uint64_t bi = 0;
      r.buffers.find(h, bi);
      r.buffers.release(bi, Death::Destroyed); // `b` still holds the object.
      throw;
    }
    *out = reinterpret_cast<deform_buffer *>(h);
    return DEFORM_OK;
  });
}

extern "C" deform_status deform_buffer_destroy(deform_buffer *b) {
  static const char *fn = "deform_buffer_destroy";
  uintptr_t h = raw(b);
  std::shared_ptr<BufferImpl> dying;
  deform_status s = guarded(fn, [&]() -> deform_status {
    Registry &r = registry();
    std::unique_lock<std::shared_mutex> lock(r.mutex);
    uint64_t index = 0;
    Lookup l = r.buffers.find(h, index);
    if (l != Lookup::Ok)
      return badBuffer(r, l, fn, "b", h);
    dying = r.buffers.release(index, Death::Destroyed);
    dying->ctx->buffers.erase(h);
    return DEFORM_OK;
  });
  dying.reset(); // Outside the lock.
  return s;
}

extern "C" void *deform_buffer_data(deform_buffer *b) {
  std::shared_ptr<BufferImpl> p;
  if (getBuffer("deform_buffer_data", "b", raw(b), p) != DEFORM_OK)
    return nullptr;
  return p->data;
}

extern "C" size_t deform_buffer_size(const deform_buffer *b) {
  std::shared_ptr<BufferImpl> p;
  if (getBuffer("deform_buffer_size", "b", raw(b), p) != DEFORM_OK)
    return 0;
  return p->size;
}

/// Both host copies: the buffer handle (named `bufferArg`), the host pointer
/// (named `hostArg`) and the direction.
static deform_status copyHost(const char *fn, const char *bufferArg,
                              uintptr_t handle, const char *hostArg,
                              void *host, size_t bytes, bool toHost) {
  std::shared_ptr<BufferImpl> p;
  if (deform_status s = getBuffer(fn, bufferArg, handle, p))
    return s;
  if (bytes > p->size)
    return fail(DEFORM_ERROR_BUFFER_TOO_SMALL, fn,
                "size %zu exceeds the buffer's %zu bytes", bytes, p->size);
  if (bytes == 0)
    return DEFORM_OK;
  if (!host)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "%s is NULL (size %zu)",
                hostArg, bytes);
  if (toHost)
    std::memmove(host, p->data, bytes);
  else
    std::memmove(p->data, host, bytes);
  return DEFORM_OK;
}

extern "C" deform_status deform_buffer_copy_from_host(deform_buffer *dst,
                                                      const void *src,
                                                      size_t bytes) {
  return copyHost("deform_buffer_copy_from_host", "dst", raw(dst), "src",
                  const_cast<void *>(src), bytes, /*toHost=*/false);
}

extern "C" deform_status deform_buffer_copy_to_host(const deform_buffer *src,
                                                    void *dst, size_t bytes) {
  return copyHost("deform_buffer_copy_to_host", "src", raw(src), "dst", dst,
                  bytes, /*toHost=*/true);
}

extern "C" deform_status deform_buffer_check_shape(const deform_buffer *b,
                                                   const int64_t *shape,
                                                   int32_t rank,
                                                   size_t element_size,
                                                   const char *what) {
  static const char *fn = "deform_buffer_check_shape";
  if (!what)
    what = "tensor";
  std::shared_ptr<BufferImpl> p;
  if (deform_status s = getBuffer(fn, "b", raw(b), p))
    return s;
  if (rank < 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "%s: rank %d is negative",
                what, static_cast<int>(rank));
  if (rank > 0 && !shape)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s: shape is NULL with rank %d", what,
                static_cast<int>(rank));
  if (element_size == 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "%s: element_size is 0", what);
  return guarded(fn, [&]() -> deform_status {
    for (int32_t i = 0; i < rank; ++i)
      if (shape[i] < 0)
        return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                    "%s: dimension %d is %lld (must be >= 0)", what,
                    static_cast<int>(i), static_cast<long long>(shape[i]));
    std::string dims = "[";
    for (int32_t i = 0; i < rank; ++i) {
      if (i == 16) {
        dims += ", ...";
        break;
      }
      if (i)
        dims += ", ";
      dims += std::to_string(shape[i]);
    }
    dims += "]";
    // bytes = element_size * prod(shape), overflow-checked. A zero dimension
    // makes the tensor empty whatever the others are.
    bool empty = false;
    for (int32_t i = 0; i < rank; ++i)
      empty |= shape[i] == 0;
    size_t need = empty ? 0 : element_size;
    bool overflow = false;
    for (int32_t i = 0; i < rank && !empty && !overflow; ++i) {
      uint64_t d = static_cast<uint64_t>(shape[i]);
      if (d > SIZE_MAX || need > SIZE_MAX / static_cast<size_t>(d))
        overflow = true;
      else
        need *= static_cast<size_t>(d);
    }
    if (overflow)
      return fail(DEFORM_ERROR_SHAPE_MISMATCH, fn,
                  "%s of shape %s with %zu-byte elements needs more than "
                  "SIZE_MAX bytes (the byte count overflows); the buffer holds "
                  "%zu bytes",
                  what, dims.c_str(), element_size, p->size);
    if (need > p->size)
      return fail(DEFORM_ERROR_SHAPE_MISMATCH, fn,
                  "%s of shape %s with %zu-byte elements needs %zu bytes, but "
                  "the buffer holds %zu bytes",
                  what, dims.c_str(), element_size, need, p->size);
    return DEFORM_OK;
  });
}

//===----------------------------------------------------------------------===//
// CPU parallelism
//===----------------------------------------------------------------------===//

extern "C" deform_status deform_parallel_for(deform_context *ctx, int64_t n,
                                             int64_t grain, deform_range_fn fn,
                                             void *user) {
  static const char *name = "deform_parallel_for";
  std::shared_ptr<ContextImpl> c; // Held until the loop is done.
  if (deform_status s = getContext(name, "ctx", raw(ctx), c))
    return s;
  if (n < 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, name, "n %lld is negative",
                static_cast<long long>(n));
  if (grain <= 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, name,
                "grain %lld must be positive", static_cast<long long>(grain));
  if (!fn)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, name, "fn is NULL");
  if (n == 0)
    return DEFORM_OK;
  return guarded(name, [&]() -> deform_status {
    c->pool->run(n, grain, fn, user);
    return DEFORM_OK;
  });
}

//===----------------------------------------------------------------------===//
// For generated code
//===----------------------------------------------------------------------===//

/// The pool behind a NULL context: one thread per hardware thread, started
/// on first use and never destroyed (generated code may run until exit).
static ThreadPool *defaultPool() {
  static ThreadPool *pool = [] {
    unsigned hw = std::thread::hardware_concurrency();
    int threads = hw == 0 ? 1 : static_cast<int>(std::min(hw, 1024u));
    try {
      return new ThreadPool(threads - 1);
    } catch (...) {
      return static_cast<ThreadPool *>(nullptr);
    }
  }();
  return pool;
}

extern "C" void deform_kernel_parallel_for(deform_context *ctx, int64_t n,
                                           deform_range_fn fn, void *user) {
  if (n <= 0 || !fn)
    return;
  std::shared_ptr<ContextImpl> c; // Held until the loop is done.
  ThreadPool *pool = nullptr;
  if (!ctx) {
    pool = defaultPool();
  } else {
    Registry &r = registry();
    std::shared_lock<std::shared_mutex> lock(r.mutex);
    uint64_t index = 0;
    if (r.contexts.find(raw(ctx), index) == Lookup::Ok) {
      c = r.contexts.object(index);
      pool = c->pool.get();
    }
  }
  try {
    if (pool) {
      // A few contiguous ranges of tiles per thread: neighbouring tiles
      // (which share input rows and output cache lines) stay on one thread,
      // and the ranges still balance the load.
      int64_t chunks = pool->size() * 4;
      pool->run(n, (n + chunks - 1) / chunks, fn, user);
      return;
    }
  } catch (...) {
    // Fall through: the tiles run here.
  }
  fn(0, n, user);
}

//===----------------------------------------------------------------------===//
// CUDA
//===----------------------------------------------------------------------===//

extern "C" int deform_cuda_available(void) {
  static const char *fn = "deform_cuda_available";
  try {
    std::string why;
    const cu::Driver *d = cu::load(why);
    if (!d) {
      fail(DEFORM_ERROR_NO_DEVICE, fn, "%s", why.c_str());
      return 0;
    }
    int count = 0;
    cu::CUresult r = d->cuDeviceGetCount(&count);
    if (r != cu::CUDA_SUCCESS) {
      cudaError(fn, *d, "cuDeviceGetCount", r);
      return 0;
    }
    if (count <= 0) {
      fail(DEFORM_ERROR_NO_DEVICE, fn,
           "the CUDA driver loaded but reports no device");
      return 0;
    }
    return 1;
  } catch (...) {
    fail(DEFORM_ERROR_OUT_OF_MEMORY, fn, "out of memory");
    return 0;
  }
}

extern "C" deform_status deform_cuda_module_load(deform_context *ctx,
                                                 const void *image, size_t bytes,
                                                 void **module_out) {
  static const char *fn = "deform_cuda_module_load";
  if (!module_out)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "module_out is NULL");
  *module_out = nullptr;
  std::shared_ptr<ContextImpl> c;
  if (deform_status s = getContext(fn, "ctx", raw(ctx), c))
    return s;
  if (deform_status s = requireCuda(fn, *c))
    return s;
  if (!image)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "image is NULL");
  if (bytes == 0)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "size 0: the image is empty");
  return guarded(fn, [&]() -> deform_status {
    const unsigned char *u = static_cast<const unsigned char *>(image);
    bool elf = bytes >= 4 && u[0] == 0x7f && u[1] == 'E' && u[2] == 'L' &&
               u[3] == 'F';
    bool fatbin = bytes >= 4 && u[0] == 0x50 && u[1] == 0xed && u[2] == 0x55 &&
                  u[3] == 0xba;
    std::string ptx;
    const void *data = image;
    if (!elf && !fatbin && u[bytes - 1] != '\0') {
      // PTX text: the driver wants it NUL-terminated.
      ptx.assign(static_cast<const char *>(image), bytes);
      data = ptx.c_str();
    }
    const cu::Driver &d = *c->drv;
    std::lock_guard<std::mutex> lock(c->cudaMutex);
    CudaScope scope(&d, c->cuContext);
    if (scope.result != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuCtxPushCurrent", scope.result);
    char log[8192];
    log[0] = '\0';
    cu::CUjit_option options[2] = {cu::CU_JIT_ERROR_LOG_BUFFER,
                                   cu::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
    void *values[2] = {log, reinterpret_cast<void *>(uintptr_t(sizeof(log)))};
    // Reserve the map entry first so that nothing can throw after a
    // successful load.
    c->modules.reserve(c->modules.size() + 1);
    cu::CUmodule m = nullptr;
    cu::CUresult r = d.cuModuleLoadDataEx(&m, data, 2, options, values);
    if (r != cu::CUDA_SUCCESS) {
      log[sizeof(log) - 1] = '\0';
      return fail(DEFORM_ERROR_DEVICE, fn, "cuModuleLoadDataEx failed: %s%s%s",
                  cu::describe(d, r).c_str(), log[0] ? ": " : "", log);
    }
    try {
      c->modules.emplace(m, ContextImpl::Module());
    } catch (...) {
      d.cuModuleUnload(m);
      throw;
    }
    *module_out = m;
    return DEFORM_OK;
  });
}

extern "C" deform_status deform_cuda_module_unload(deform_context *ctx,
                                                   void *module) {
  static const char *fn = "deform_cuda_module_unload";
  std::shared_ptr<ContextImpl> c;
  if (deform_status s = getContext(fn, "ctx", raw(ctx), c))
    return s;
  if (deform_status s = requireCuda(fn, *c))
    return s;
  if (!module)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "module is NULL");
  return guarded(fn, [&]() -> deform_status {
    const cu::Driver &d = *c->drv;
    std::lock_guard<std::mutex> lock(c->cudaMutex);
    auto it = c->modules.find(static_cast<cu::CUmodule>(module));
    if (it == c->modules.end())
      return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                  "module %p is not loaded into context 0x%llx", module,
                  hv(c->handle));
    c->modules.erase(it);
    CudaScope scope(&d, c->cuContext);
    if (scope.result != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuCtxPushCurrent", scope.result);
    cu::CUresult r = d.cuModuleUnload(static_cast<cu::CUmodule>(module));
    if (r != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuModuleUnload", r);
    return DEFORM_OK;
  });
}

extern "C" deform_status deform_cuda_launch(deform_context *ctx, void *module,
                                            const char *kernel_name,
                                            const uint32_t grid[3],
                                            const uint32_t block[3],
                                            uint32_t shared_bytes,
                                            void **params) {
  static const char *fn = "deform_cuda_launch";
  std::shared_ptr<ContextImpl> c;
  if (deform_status s = getContext(fn, "ctx", raw(ctx), c))
    return s;
  if (deform_status s = requireCuda(fn, *c))
    return s;
  if (!module)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "module is NULL");
  if (!kernel_name)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "kernel_name is NULL");
  if (!grid)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "grid is NULL");
  if (!block)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "block is NULL");
  for (int i = 0; i < 3; ++i) {
    if (grid[i] == 0)
      return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                  "grid[%d] is 0 (kernel '%s')", i, kernel_name);
    if (block[i] == 0)
      return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                  "block[%d] is 0 (kernel '%s')", i, kernel_name);
  }
  return guarded(fn, [&]() -> deform_status {
    const cu::Driver &d = *c->drv;
    std::lock_guard<std::mutex> lock(c->cudaMutex);
    auto it = c->modules.find(static_cast<cu::CUmodule>(module));
    if (it == c->modules.end())
      return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                  "module %p is not loaded into context 0x%llx", module,
                  hv(c->handle));
    CudaScope scope(&d, c->cuContext);
    if (scope.result != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuCtxPushCurrent", scope.result);
    auto &functions = it->second.functions;
    auto f = functions.find(kernel_name);
    if (f == functions.end()) {
      cu::CUfunction fun = nullptr;
      cu::CUresult r =
          d.cuModuleGetFunction(&fun, static_cast<cu::CUmodule>(module),
                                kernel_name);
      if (r == cu::CUDA_ERROR_NOT_FOUND)
        return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                    "kernel '%s' is not in module %p", kernel_name, module);
      if (r != cu::CUDA_SUCCESS)
        return fail(DEFORM_ERROR_DEVICE, fn,
                    "cuModuleGetFunction('%s') failed: %s", kernel_name,
                    cu::describe(d, r).c_str());
      f = functions.emplace(kernel_name, fun).first;
    }
    cu::CUresult r = d.cuLaunchKernel(f->second, grid[0], grid[1], grid[2],
                                      block[0], block[1], block[2],
                                      shared_bytes, c->cuStream, params,
                                      nullptr);
    if (r != cu::CUDA_SUCCESS)
      return fail(DEFORM_ERROR_DEVICE, fn,
                  "cuLaunchKernel('%s', grid %ux%ux%u, block %ux%ux%u, %u "
                  "shared bytes) failed: %s",
                  kernel_name, grid[0], grid[1], grid[2], block[0], block[1],
                  block[2], shared_bytes, cu::describe(d, r).c_str());
    r = d.cuStreamSynchronize(c->cuStream);
    if (r != cu::CUDA_SUCCESS)
      return fail(DEFORM_ERROR_DEVICE, fn, "kernel '%s' failed: %s",
                  kernel_name, cu::describe(d, r).c_str());
    return DEFORM_OK;
  });
}

namespace {

/// Shared prologue of the device-mirror functions: looks the buffer up,
/// checks its context is a CUDA one, locks the mirror and pushes the context,
/// then runs `body(buffer)`.
template <typename F>
deform_status withDeviceBuffer(const char *fn, deform_buffer *b, F &&body) {
  std::shared_ptr<BufferImpl> p;
  if (deform_status s = getBuffer(fn, "b", raw(b), p))
    return s;
  if (deform_status s = requireCuda(fn, *p->ctx))
    return s;
  return guarded(fn, [&]() -> deform_status {
    const cu::Driver &d = *p->ctx->drv;
    std::lock_guard<std::mutex> lock(p->deviceMutex);
    CudaScope scope(&d, p->ctx->cuContext);
    if (scope.result != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuCtxPushCurrent", scope.result);
    return body(*p, d);
  });
}

} // namespace

extern "C" deform_status deform_buffer_device_pointer(deform_buffer *b,
                                                      uint64_t *out) {
  static const char *fn = "deform_buffer_device_pointer";
  if (!out)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn, "out is NULL");
  *out = 0;
  return withDeviceBuffer(
      fn, b, [&](BufferImpl &p, const cu::Driver &) -> deform_status {
        if (deform_status s = ensureDevice(fn, p))
          return s;
        *out = static_cast<uint64_t>(p.device);
        return DEFORM_OK;
      });
}

extern "C" deform_status deform_buffer_sync_to_device(deform_buffer *b) {
  static const char *fn = "deform_buffer_sync_to_device";
  return withDeviceBuffer(
      fn, b, [&](BufferImpl &p, const cu::Driver &d) -> deform_status {
        if (deform_status s = ensureDevice(fn, p))
          return s;
        cu::CUresult r = d.cuMemcpyHtoD(p.device, p.data, p.size);
        if (r != cu::CUDA_SUCCESS)
          return cudaError(fn, d, "cuMemcpyHtoD", r);
        return DEFORM_OK;
      });
}

extern "C" deform_status deform_buffer_sync_to_host(deform_buffer *b) {
  static const char *fn = "deform_buffer_sync_to_host";
  return withDeviceBuffer(
      fn, b, [&](BufferImpl &p, const cu::Driver &d) -> deform_status {
        if (!p.device)
          return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                      "buffer 0x%llx has no device memory yet (call "
                      "deform_buffer_sync_to_device or "
                      "deform_buffer_device_pointer first)",
                      hv(raw(b)));
        cu::CUresult r = d.cuMemcpyDtoH(p.data, p.device, p.size);
        if (r != cu::CUDA_SUCCESS)
          return cudaError(fn, d, "cuMemcpyDtoH", r);
        return DEFORM_OK;
      });
}

extern "C" deform_status deform_buffer_copy_device(deform_buffer *dst,
                                                   deform_buffer *src,
                                                   size_t bytes) {
  static const char *fn = "deform_buffer_copy_device";
  std::shared_ptr<BufferImpl> d, s;
  if (deform_status st = getBuffer(fn, "dst", raw(dst), d))
    return st;
  if (deform_status st = getBuffer(fn, "src", raw(src), s))
    return st;
  if (d->ctx != s->ctx)
    return fail(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                "dst 0x%llx and src 0x%llx belong to different contexts",
                hv(raw(dst)), hv(raw(src)));
  if (deform_status st = requireCuda(fn, *d->ctx))
    return st;
  if (bytes > d->size || bytes > s->size)
    return fail(DEFORM_ERROR_BUFFER_TOO_SMALL, fn,
                "size %zu exceeds the %s's %zu bytes", bytes,
                bytes > d->size ? "destination" : "source",
                bytes > d->size ? d->size : s->size);
  if (bytes == 0)
    return DEFORM_OK;
  return guarded(fn, [&]() -> deform_status {
    ContextImpl &c = *d->ctx;
    const cu::Driver &drv = *c.drv;
    // Both mirrors, locked in a fixed order (a copy onto itself locks once).
    BufferImpl *first = std::min(d.get(), s.get()), *second = std::max(d.get(), s.get());
    std::unique_lock<std::mutex> lock1(first->deviceMutex), lock2;
    if (second != first)
      lock2 = std::unique_lock<std::mutex>(second->deviceMutex);
    CudaScope scope(&drv, c.cuContext);
    if (scope.result != cu::CUDA_SUCCESS)
      return cudaError(fn, drv, "cuCtxPushCurrent", scope.result);
    if (deform_status st = ensureDevice(fn, *d))
      return st;
    if (deform_status st = ensureDevice(fn, *s))
      return st;
    std::lock_guard<std::mutex> launches(c.cudaMutex);
    cu::CUresult r = drv.cuMemcpyDtoDAsync(d->device, s->device, bytes, c.cuStream);
    if (r == cu::CUDA_SUCCESS)
      r = drv.cuStreamSynchronize(c.cuStream);
    if (r != cu::CUDA_SUCCESS)
      return cudaError(fn, drv, "cuMemcpyDtoDAsync", r);
    return DEFORM_OK;
  });
}

extern "C" deform_status deform_cuda_device_properties(deform_context *ctx,
                                                       char *name,
                                                       size_t name_bytes,
                                                       int32_t *compute_capability) {
  static const char *fn = "deform_cuda_device_properties";
  std::shared_ptr<ContextImpl> c;
  if (deform_status s = getContext(fn, "ctx", raw(ctx), c))
    return s;
  if (deform_status s = requireCuda(fn, *c))
    return s;
  const cu::Driver &d = *c->drv;
  if (name && name_bytes > 0) {
    cu::CUresult r = d.cuDeviceGetName(name, static_cast<int>(std::min<size_t>(
                                                 name_bytes, 1 << 20)),
                                       c->cuDevice);
    if (r != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuDeviceGetName", r);
    name[name_bytes - 1] = '\0';
  }
  if (compute_capability) {
    int major = 0, minor = 0;
    cu::CUresult r = d.cuDeviceGetAttribute(
        &major, cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, c->cuDevice);
    if (r == cu::CUDA_SUCCESS)
      r = d.cuDeviceGetAttribute(
          &minor, cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, c->cuDevice);
    if (r != cu::CUDA_SUCCESS)
      return cudaError(fn, d, "cuDeviceGetAttribute", r);
    *compute_capability = major * 10 + minor;
  }
  return DEFORM_OK;
}
