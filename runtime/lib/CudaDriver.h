//===- CudaDriver.h - CUDA driver API loaded with dlopen --------*- C++ -*-===//
//
// Internal to the runtime. The CUDA driver API (libcuda.so.1) is loaded at run
// time, as IREE's CUDA HAL does: nothing links against CUDA and no CUDA header
// is needed to build. The few types and constants used are declared here with
// the values of cuda.h (they are part of the driver's stable ABI).
//
//===----------------------------------------------------------------------===//

#ifndef DEFORM_RUNTIME_LIB_CUDADRIVER_H
#define DEFORM_RUNTIME_LIB_CUDADRIVER_H

#include <cstddef>
#include <string>

// The opaque driver types, declared at global scope exactly as cuda.h does
// (so that the function types match the driver's, also for
// -fsanitize=function when the driver is a C++ fake).
struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;

namespace deform {
namespace runtime {
namespace cuda {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = CUctx_st *;
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUstream = CUstream_st *;
using CUjit_option = int;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_NOT_FOUND = 500;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;

/// The driver entry points the runtime uses. All are non-null once load()
/// succeeded.
struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxPushCurrent)(CUcontext);
  CUresult (*cuCtxPopCurrent)(CUcontext *);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned,
                                 CUjit_option *, void **);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
};

/// Loads the driver once per process (thread-safe) and calls cuInit(0).
/// Returns the driver, or nullptr with `why` set to a message that starts
/// with "no CUDA driver was found" (dlopen failed), names the missing symbol,
/// or gives cuInit's error. The library is never unloaded.
const Driver *load(std::string &why);

/// "CUDA_ERROR_X (text)" for a driver result.
std::string describe(const Driver &d, CUresult r);

} // namespace cuda
} // namespace runtime
} // namespace deform

#endif // DEFORM_RUNTIME_LIB_CUDADRIVER_H
