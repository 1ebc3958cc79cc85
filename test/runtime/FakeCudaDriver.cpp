//===- FakeCudaDriver.cpp - a fake libcuda.so for the runtime tests -------===//
//
// Built as a loadable module and loaded by the runtime instead of
// libcuda.so.1 when DEFORM_CUDA_DRIVER_PATH names it (see the
// runtime-fake-cuda test). It implements, on the host, the driver entry
// points the runtime fetches with dlsym, with enough checking to catch
// misuse by the runtime: calls that need a current context fail with
// CUDA_ERROR_INVALID_CONTEXT when none was pushed, unknown modules /
// allocations are rejected, and counters (fake_cuda_*) let the tests check
// that everything is released.
//
// "Device" memory is host memory, each allocation between inaccessible
// pages (placed against the page after it, or, every other allocation,
// against the page before it) so that a kernel reading past a buffer
// faults. A module is PTX text (each ".entry NAME(...)" declares a kernel
// and its parameters), a cubin or a fatbin (its cubins' kernels and their
// parameter counts, from .nv.info), or an emulated image of
// deform-gpu-emulate, whose kernels run (FakeEmulator.h; in
// libdeform-emu-cuda-driver.so only). A launch checks that every pointer
// parameter the image declares is the start of a live allocation and
// records their sizes (fake_cuda_last_launch_*). Kernels the fake runs
// besides emulated ones:
//   fill_f32(CUdeviceptr p, float v, int n): p[i] = v for i < min(n, threads)
//   trap():  the launch succeeds, the next synchronization returns
//            CUDA_ERROR_LAUNCH_FAILED (719)
// Any other kernel does nothing. A module whose text contains
// "SYNTAX_ERROR" fails to load with CUDA_ERROR_INVALID_PTX (218) and a JIT
// error log. A launch with more than 1024 threads per block fails with
// CUDA_ERROR_INVALID_VALUE (1).
//
//===----------------------------------------------------------------------===//

#include "FakeEmulator.h"
#include "FakeImages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#define FAKE_API extern "C" __attribute__((visibility("default")))

// The driver's opaque types, as cuda.h (and runtime/lib/CudaDriver.h)
// declare them: the function types must match the runtime's exactly.
struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;
using CUcontext = CUctx_st *;
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUstream = CUstream_st *;

namespace {

using CUresult = int;
using CUdeviceptr = unsigned long long;

constexpr CUresult kSuccess = 0;
constexpr CUresult kInvalidValue = 1;
constexpr CUresult kInvalidDevice = 101;
constexpr CUresult kInvalidContext = 201;
constexpr CUresult kInvalidPtx = 218;
constexpr CUresult kInvalidImage = 200;
constexpr CUresult kInvalidHandle = 400;
constexpr CUresult kNotFound = 500;
constexpr CUresult kLaunchFailed = 719;

struct FakeFunction {
  std::string name;
  fake::KernelInfo info;
  fake::Entry entry = nullptr; // emulated kernels
  int64_t sharedBytes = 0;
};
struct FakeModule {
  std::map<std::string, FakeFunction> functions;
  fake::Emulated *emulated = nullptr;
  ~FakeModule() { fake::emulatorUnload(emulated); }
};

/// A guarded allocation: the mapping and where the data starts.
struct Mapping {
  void *base;
  size_t bytes, size;
};

std::mutex mu;
int primaryRefs = 0;
int primaryCtxObject; // Its address is the primary context.
std::set<FakeModule *> modules;
std::map<CUdeviceptr, size_t> allocations;
std::map<CUdeviceptr, Mapping> mappings;
std::set<int *> streams;
uint64_t allocationCount = 0;
// The last launch: kernel, and the size of the allocation each pointer
// parameter starts (0: not a pointer the image declares).
std::string lastKernel;
std::vector<size_t> lastParamSizes;
std::string lastError;
std::atomic<int> launches{0};
std::atomic<CUresult> pendingError{kSuccess};
thread_local std::vector<CUcontext> ctxStack;

bool haveContext() { return !ctxStack.empty(); }

} // namespace

FAKE_API CUresult cuInit(unsigned) { return kSuccess; }

FAKE_API CUresult cuDeviceGetCount(int *count) {
  if (!count)
    return kInvalidValue;
  *count = 1;
  return kSuccess;
}

FAKE_API CUresult cuDeviceGet(int *dev, int ordinal) {
  if (!dev)
    return kInvalidValue;
  if (ordinal != 0)
    return kInvalidDevice;
  *dev = 0;
  return kSuccess;
}

FAKE_API CUresult cuDevicePrimaryCtxRetain(CUcontext *ctx, int dev) {
  if (!ctx || dev != 0)
    return kInvalidValue;
  std::lock_guard<std::mutex> lock(mu);
  ++primaryRefs;
  *ctx = reinterpret_cast<CUcontext>(&primaryCtxObject);
  return kSuccess;
}

FAKE_API CUresult cuDevicePrimaryCtxRelease_v2(int dev) {
  std::lock_guard<std::mutex> lock(mu);
  if (dev != 0 || primaryRefs <= 0)
    return kInvalidContext;
  --primaryRefs;
  return kSuccess;
}

FAKE_API CUresult cuCtxPushCurrent_v2(CUcontext ctx) {
  if (ctx != reinterpret_cast<CUcontext>(&primaryCtxObject))
    return kInvalidContext;
  ctxStack.push_back(ctx);
  return kSuccess;
}

FAKE_API CUresult cuCtxPopCurrent_v2(CUcontext *ctx) {
  if (ctxStack.empty())
    return kInvalidContext;
  if (ctx)
    *ctx = ctxStack.back();
  ctxStack.pop_back();
  return kSuccess;
}

FAKE_API CUresult cuCtxSynchronize() {
  if (!haveContext())
    return kInvalidContext;
  return pendingError.exchange(kSuccess);
}

FAKE_API CUresult cuDeviceGetAttribute(int *value, int attribute, int dev) {
  if (!value || dev != 0)
    return kInvalidValue;
  // An sm_90 device.
  if (attribute == 75)
    *value = 9;
  else if (attribute == 76)
    *value = 0;
  else
    return kInvalidValue;
  return kSuccess;
}

FAKE_API CUresult cuDeviceGetName(char *name, int len, int dev) {
  if (!name || len <= 0 || dev != 0)
    return kInvalidValue;
  std::strncpy(name, "Fake CUDA device", static_cast<size_t>(len) - 1);
  name[len - 1] = '\0';
  return kSuccess;
}

FAKE_API CUresult cuStreamCreate(CUstream *stream, unsigned) {
  if (!stream)
    return kInvalidValue;
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  auto *s = new int(0);
  streams.insert(s);
  *stream = reinterpret_cast<CUstream>(s);
  return kSuccess;
}

FAKE_API CUresult cuStreamDestroy_v2(CUstream stream) {
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  auto *s = reinterpret_cast<int *>(stream);
  if (!streams.erase(s))
    return kInvalidHandle;
  delete s;
  return kSuccess;
}

FAKE_API CUresult cuStreamSynchronize(CUstream stream) {
  if (!haveContext())
    return kInvalidContext;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!streams.count(reinterpret_cast<int *>(stream)))
      return kInvalidHandle;
  }
  return pendingError.exchange(kSuccess);
}

FAKE_API CUresult cuModuleLoadDataEx(CUmodule *module, const void *image,
                                     unsigned numOptions, int *options,
                                     void **values) {
  if (!module || !image)
    return kInvalidValue;
  if (!haveContext())
    return kInvalidContext;
  std::string text;
  if (fake::kindOf(static_cast<const unsigned char *>(image)) ==
      fake::ImageKind::Ptx)
    text = static_cast<const char *>(image);
  if (text.find("SYNTAX_ERROR") != std::string::npos) {
    char *log = nullptr;
    size_t size = 0;
    for (unsigned i = 0; i < numOptions; ++i) {
      if (options[i] == 5)
        log = static_cast<char *>(values[i]);
      if (options[i] == 6)
        size = static_cast<size_t>(reinterpret_cast<uintptr_t>(values[i]));
    }
    if (log && size > 0) {
      const char *msg = "ptxas fatal   : syntax error in fake PTX";
      std::strncpy(log, msg, size - 1);
      log[size - 1] = '\0';
    }
    return kInvalidPtx;
  }
  auto *m = new FakeModule();
  const auto *bytes = static_cast<const unsigned char *>(image);
  std::vector<fake::KernelInfo> kernels;
  switch (fake::kindOf(bytes)) {
  case fake::ImageKind::Fatbin:
    if (!fake::fatbinKernels(bytes, kernels)) {
      delete m;
      return kInvalidImage;
    }
    break;
  case fake::ImageKind::Elf:
    if (!fake::elfKernels(bytes, 0, kernels)) {
      delete m;
      return kInvalidImage;
    }
    break;
  case fake::ImageKind::Emulated: {
    const unsigned char *payload;
    size_t size;
    fake::emulatedPayload(bytes, payload, size);
    std::string error;
    m->emulated = fake::emulatorLoad(payload, size, error);
    if (!m->emulated) {
      std::lock_guard<std::mutex> lock(mu);
      lastError = error;
      delete m;
      return kInvalidImage;
    }
    break;
  }
  case fake::ImageKind::Ptx:
    kernels = fake::ptxKernels(text);
    break;
  }
  for (fake::KernelInfo &k : kernels)
    m->functions[k.name] = FakeFunction{k.name, k, nullptr, 0};
  std::lock_guard<std::mutex> lock(mu);
  modules.insert(m);
  *module = reinterpret_cast<CUmodule>(m);
  return kSuccess;
}

FAKE_API CUresult cuModuleUnload(CUmodule module) {
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  auto *m = reinterpret_cast<FakeModule *>(module);
  if (!modules.erase(m))
    return kInvalidHandle;
  delete m;
  return kSuccess;
}

FAKE_API CUresult cuModuleGetFunction(CUfunction *function, CUmodule module,
                                      const char *name) {
  if (!function || !name)
    return kInvalidValue;
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  auto *m = reinterpret_cast<FakeModule *>(module);
  if (!modules.count(m))
    return kInvalidHandle;
  auto it = m->functions.find(name);
  if (it == m->functions.end() && m->emulated) {
    FakeFunction f{name, {name, {}, false}, nullptr, 0};
    int64_t params = 0;
    if (fake::emulatorKernel(m->emulated, name, f.entry, f.sharedBytes,
                             params)) {
      f.info.paramsKnown = true;
      f.info.pointer.assign(size_t(params), true);
      it = m->functions.emplace(name, f).first;
    }
  }
  if (it == m->functions.end())
    return kNotFound;
  *function = reinterpret_cast<CUfunction>(&it->second);
  return kSuccess;
}

FAKE_API CUresult cuLaunchKernel(CUfunction function, unsigned gx, unsigned gy,
                                 unsigned gz, unsigned bx, unsigned by,
                                 unsigned bz, unsigned, CUstream, void **params,
                                 void **) {
  if (!function)
    return kInvalidHandle;
  if (!haveContext())
    return kInvalidContext;
  uint64_t perBlock = uint64_t(bx) * by * bz;
  if (perBlock > 1024)
    return kInvalidValue;
  ++launches;
  const FakeFunction &fn = *reinterpret_cast<FakeFunction *>(function);
  const std::string &name = fn.name;
  uint64_t threads = uint64_t(gx) * gy * gz * perBlock;
  if (fn.info.paramsKnown) {
    std::lock_guard<std::mutex> lock(mu);
    lastKernel = name;
    lastParamSizes.assign(fn.info.pointer.size(), 0);
    if (!fn.info.pointer.empty() && !params) {
      lastError = name + ": params is NULL";
      return kInvalidValue;
    }
    for (size_t i = 0; i < fn.info.pointer.size(); ++i) {
      if (!fn.info.pointer[i])
        continue;
      CUdeviceptr p = *static_cast<CUdeviceptr *>(params[i]);
      auto it = allocations.find(p);
      if (it == allocations.end()) {
        lastError = name + ": parameter " + std::to_string(i) +
                    " is not the start of a live allocation";
        return kInvalidValue;
      }
      lastParamSizes[i] = it->second;
    }
  }
  if (fn.entry) {
    std::string error;
    if (!fake::emulatorRun(fn.entry, fn.sharedBytes, uint64_t(gx) * gy * gz,
                           perBlock, params, error)) {
      std::lock_guard<std::mutex> lock(mu);
      lastError = name + ": " + error;
      pendingError = kLaunchFailed;
    }
    return kSuccess;
  }
  if (name == "fill_f32") {
    if (!params)
      return kInvalidValue;
    CUdeviceptr p = *static_cast<CUdeviceptr *>(params[0]);
    float v = *static_cast<float *>(params[1]);
    int n = *static_cast<int *>(params[2]);
    std::lock_guard<std::mutex> lock(mu);
    auto it = allocations.find(p);
    if (it == allocations.end() || uint64_t(n) * sizeof(float) > it->second)
      return kInvalidValue;
    float *data = reinterpret_cast<float *>(static_cast<uintptr_t>(p));
    for (uint64_t i = 0; i < uint64_t(n) && i < threads; ++i)
      data[i] = v;
  } else if (name == "trap") {
    pendingError = kLaunchFailed;
  }
  return kSuccess;
}

FAKE_API CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t size) {
  if (!p || size == 0)
    return kInvalidValue;
  if (!haveContext())
    return kInvalidContext;
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t pages = (size + page - 1) / page;
  size_t bytes = (pages + 2) * page;
  void *base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return 2; // CUDA_ERROR_OUT_OF_MEMORY
  auto *first = static_cast<unsigned char *>(base);
  mprotect(first, page, PROT_NONE);
  mprotect(first + (pages + 1) * page, page, PROT_NONE);
  std::lock_guard<std::mutex> lock(mu);
  // Against the page after (16-byte aligned), or the page before.
  unsigned char *data =
      allocationCount++ % 2 == 0
          ? first + page + ((pages * page - size) & ~size_t(15))
          : first + page;
  *p = static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(data));
  allocations[*p] = size;
  mappings[*p] = Mapping{base, bytes, size};
  return kSuccess;
}

FAKE_API CUresult cuMemFree_v2(CUdeviceptr p) {
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  if (!allocations.erase(p))
    return kInvalidValue;
  Mapping m = mappings[p];
  mappings.erase(p);
  munmap(m.base, m.bytes);
  return kSuccess;
}

namespace {
CUresult checkRange(CUdeviceptr p, size_t size) {
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  auto it = allocations.find(p);
  if (it == allocations.end() || size > it->second)
    return kInvalidValue;
  return kSuccess;
}
} // namespace

FAKE_API CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src,
                                  size_t size) {
  if (CUresult r = checkRange(dst, size))
    return r;
  std::memcpy(reinterpret_cast<void *>(static_cast<uintptr_t>(dst)), src,
              size);
  return kSuccess;
}

FAKE_API CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t size) {
  if (CUresult r = checkRange(src, size))
    return r;
  std::memcpy(dst, reinterpret_cast<const void *>(static_cast<uintptr_t>(src)),
              size);
  return kSuccess;
}

FAKE_API CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src,
                                       size_t size, CUstream) {
  if (CUresult r = checkRange(dst, size))
    return r;
  if (CUresult r = checkRange(src, size))
    return r;
  std::memmove(reinterpret_cast<void *>(static_cast<uintptr_t>(dst)),
               reinterpret_cast<const void *>(static_cast<uintptr_t>(src)),
               size);
  return kSuccess;
}

FAKE_API CUresult cuGetErrorName(CUresult r, const char **name) {
  if (!name)
    return kInvalidValue;
  switch (r) {
  case kSuccess: *name = "CUDA_SUCCESS"; return kSuccess;
  case kInvalidValue: *name = "CUDA_ERROR_INVALID_VALUE"; return kSuccess;
  case kInvalidDevice: *name = "CUDA_ERROR_INVALID_DEVICE"; return kSuccess;
  case kInvalidContext: *name = "CUDA_ERROR_INVALID_CONTEXT"; return kSuccess;
  case kInvalidPtx: *name = "CUDA_ERROR_INVALID_PTX"; return kSuccess;
  case kInvalidHandle: *name = "CUDA_ERROR_INVALID_HANDLE"; return kSuccess;
  case kNotFound: *name = "CUDA_ERROR_NOT_FOUND"; return kSuccess;
  case kLaunchFailed: *name = "CUDA_ERROR_LAUNCH_FAILED"; return kSuccess;
  case kInvalidImage: *name = "CUDA_ERROR_INVALID_IMAGE"; return kSuccess;
  default: *name = nullptr; return kInvalidValue;
  }
}

FAKE_API CUresult cuGetErrorString(CUresult r, const char **text) {
  if (!text)
    return kInvalidValue;
  {
    // What the fake found wrong, for the messages the tests read.
    std::lock_guard<std::mutex> lock(mu);
    if ((r == kInvalidValue || r == kLaunchFailed || r == kInvalidImage) &&
        !lastError.empty()) {
      static thread_local std::string copy;
      copy = lastError;
      *text = copy.c_str();
      return kSuccess;
    }
  }
  switch (r) {
  case kInvalidValue: *text = "invalid argument"; return kSuccess;
  case kInvalidPtx: *text = "a PTX JIT compilation failed"; return kSuccess;
  case kLaunchFailed:
    *text = "unspecified launch failure";
    return kSuccess;
  default: *text = "fake driver error"; return kSuccess;
  }
}

// Test hooks.
FAKE_API int fake_cuda_primary_refs() {
  std::lock_guard<std::mutex> lock(mu);
  return primaryRefs;
}
FAKE_API int fake_cuda_live_modules() {
  std::lock_guard<std::mutex> lock(mu);
  return static_cast<int>(modules.size());
}
FAKE_API int fake_cuda_live_allocations() {
  std::lock_guard<std::mutex> lock(mu);
  return static_cast<int>(allocations.size());
}
FAKE_API int fake_cuda_launches() { return launches.load(); }
FAKE_API int fake_cuda_live_streams() {
  std::lock_guard<std::mutex> lock(mu);
  return static_cast<int>(streams.size());
}
FAKE_API const char *fake_cuda_last_kernel() { return lastKernel.c_str(); }
FAKE_API int fake_cuda_last_launch_params() {
  std::lock_guard<std::mutex> lock(mu);
  return static_cast<int>(lastParamSizes.size());
}
FAKE_API size_t fake_cuda_last_launch_param_size(int i) {
  std::lock_guard<std::mutex> lock(mu);
  return i >= 0 && size_t(i) < lastParamSizes.size() ? lastParamSizes[i] : 0;
}
FAKE_API const char *fake_cuda_last_error() { return lastError.c_str(); }
