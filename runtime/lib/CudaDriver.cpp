//===- CudaDriver.cpp - CUDA driver API loaded with dlopen ----------------===//
//
// See CudaDriver.h. The library is libcuda.so.1 unless the environment
// variable DEFORM_CUDA_DRIVER_PATH names another one (the unit tests use it
// to load a fake driver). Symbols are fetched with dlsym; where cuda.h maps a
// name to a versioned symbol (cuMemAlloc -> cuMemAlloc_v2, ...) the versioned
// symbol is used.
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

namespace deform {
namespace runtime {
namespace cuda {
namespace {

struct Loaded {
  Driver driver{};
  bool ok = false;
  std::string why;
};

template <typename Fn>
bool fetch(void *lib, const char *name, Fn &slot, std::string &why) {
  void *sym = dlsym(lib, name);
  if (!sym) {
    why = std::string("the CUDA driver library has no symbol '") + name + "'";
    return false;
  }
  // POSIX guarantees that object and function pointers convert both ways.
  slot = reinterpret_cast<Fn>(sym);
  return true;
}

void loadOnce(Loaded &l) {
  const char *path = std::getenv("DEFORM_CUDA_DRIVER_PATH");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *err = dlerror();
    l.why = std::string("no CUDA driver was found (dlopen(\"") + path +
            "\") failed: " + (err ? err : "unknown error") + ")";
    return;
  }
  Driver &d = l.driver;
  std::string &w = l.why;
  bool ok = true;
#define DEFORM_CUDA_FETCH(member, symbol, ...)                                 \
  ok = ok && fetch(lib, symbol, d.member, w);
  DEFORM_CUDA_DRIVER_SYMBOLS(DEFORM_CUDA_FETCH)
#undef DEFORM_CUDA_FETCH
  // cuDevicePrimaryCtxRelease became _v2 in CUDA 11; older drivers only have
  // the unversioned symbol.
  if (ok && !fetch(lib, "cuDevicePrimaryCtxRelease_v2",
                   d.cuDevicePrimaryCtxRelease, w))
    ok = fetch(lib, "cuDevicePrimaryCtxRelease", d.cuDevicePrimaryCtxRelease,
               w);
  if (!ok) {
    l.why = std::string("the CUDA driver '") + path + "' is unusable: " + w;
    return; // The library stays loaded; it is harmless.
  }
  CUresult r = d.cuInit(0);
  if (r != CUDA_SUCCESS) {
    l.why = "cuInit failed: " + describe(d, r);
    return;
  }
  l.ok = true;
}

} // namespace

const Driver *load(std::string &why) {
  // Never destroyed: the driver may be used from threads that outlive main.
  static Loaded *loaded = new Loaded();
  static std::once_flag once;
  std::call_once(once, [] { loadOnce(*loaded); });
  if (!loaded->ok) {
    why = loaded->why;
    return nullptr;
  }
  return &loaded->driver;
}

std::string describe(const Driver &d, CUresult r) {
  const char *name = nullptr;
  const char *text = nullptr;
  if (!d.cuGetErrorName || d.cuGetErrorName(r, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (!d.cuGetErrorString || d.cuGetErrorString(r, &text) != CUDA_SUCCESS)
    text = nullptr;
  std::string s = name ? name : "CUresult " + std::to_string(r);
  if (text)
    s += std::string(" (") + text + ")";
  return s;
}

} // namespace cuda
} // namespace runtime
} // namespace deform
