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
// "Device" memory is host memory. A module is PTX-like text; each
// ".entry NAME" declares a kernel. Kernels the fake can run:
//   fill_f32(CUdeviceptr p, float v, int n): p[i] = v for i < min(n, threads)
//   trap():  the launch succeeds, the next cuCtxSynchronize returns
//            CUDA_ERROR_LAUNCH_FAILED (719)
// Any other declared kernel does nothing. A module whose text contains
// "SYNTAX_ERROR" fails to load with CUDA_ERROR_INVALID_PTX (218) and a JIT
// error log. A launch with more than 1024 threads per block fails with
// CUDA_ERROR_INVALID_VALUE (1).
//
//===----------------------------------------------------------------------===//

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
constexpr CUresult kInvalidHandle = 400;
constexpr CUresult kNotFound = 500;
constexpr CUresult kLaunchFailed = 719;

struct FakeFunction {
  std::string name;
};
struct FakeModule {
  std::map<std::string, FakeFunction> functions;
};

std::mutex mu;
int primaryRefs = 0;
int primaryCtxObject; // Its address is the primary context.
std::set<FakeModule *> modules;
std::map<CUdeviceptr, size_t> allocations;
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

FAKE_API CUresult cuModuleLoadDataEx(CUmodule *module, const void *image,
                                     unsigned numOptions, int *options,
                                     void **values) {
  if (!module || !image)
    return kInvalidValue;
  if (!haveContext())
    return kInvalidContext;
  std::string text(static_cast<const char *>(image));
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
  const std::string key = ".entry ";
  for (size_t pos = text.find(key); pos != std::string::npos;
       pos = text.find(key, pos + 1)) {
    size_t begin = pos + key.size();
    size_t end = text.find_first_of(" (\n\t{", begin);
    std::string name = text.substr(begin, end - begin);
    m->functions[name] = FakeFunction{name};
  }
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
  const std::string &name = reinterpret_cast<FakeFunction *>(function)->name;
  uint64_t threads = uint64_t(gx) * gy * gz * perBlock;
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
  void *mem = std::malloc(size);
  if (!mem)
    return 2; // CUDA_ERROR_OUT_OF_MEMORY
  std::lock_guard<std::mutex> lock(mu);
  *p = static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(mem));
  allocations[*p] = size;
  return kSuccess;
}

FAKE_API CUresult cuMemFree_v2(CUdeviceptr p) {
  if (!haveContext())
    return kInvalidContext;
  std::lock_guard<std::mutex> lock(mu);
  if (!allocations.erase(p))
    return kInvalidValue;
  std::free(reinterpret_cast<void *>(static_cast<uintptr_t>(p)));
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
  default: *name = nullptr; return kInvalidValue;
  }
}

FAKE_API CUresult cuGetErrorString(CUresult r, const char **text) {
  if (!text)
    return kInvalidValue;
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
