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

constexpr int CU_STREAM_NON_BLOCKING = 1;

/// The driver entry points the runtime uses, as one table:
/// DEFORM_CUDA_SYMBOL(member, symbol, return type, parameter types...).
/// The symbol is the versioned one where cuda.h maps the name to one
/// (cuMemAlloc -> cuMemAlloc_v2, ...).
#define DEFORM_CUDA_DRIVER_SYMBOLS(X)                                          \
  X(cuInit, "cuInit", CUresult, unsigned)                                      \
  X(cuDeviceGetCount, "cuDeviceGetCount", CUresult, int *)                     \
  X(cuDeviceGet, "cuDeviceGet", CUresult, CUdevice *, int)                     \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", CUresult, int *, int,        \
    CUdevice)                                                                  \
  X(cuDeviceGetName, "cuDeviceGetName", CUresult, char *, int, CUdevice)       \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", CUresult,            \
    CUcontext *, CUdevice)                                                     \
  X(cuCtxPushCurrent, "cuCtxPushCurrent_v2", CUresult, CUcontext)              \
  X(cuCtxPopCurrent, "cuCtxPopCurrent_v2", CUresult, CUcontext *)              \
  X(cuCtxSynchronize, "cuCtxSynchronize", CUresult)                            \
  X(cuStreamCreate, "cuStreamCreate", CUresult, CUstream *, unsigned)          \
  X(cuStreamDestroy, "cuStreamDestroy_v2", CUresult, CUstream)                 \
  X(cuStreamSynchronize, "cuStreamSynchronize", CUresult, CUstream)            \
  X(cuModuleLoadDataEx, "cuModuleLoadDataEx", CUresult, CUmodule *,            \
    const void *, unsigned, CUjit_option *, void **)                           \
  X(cuModuleUnload, "cuModuleUnload", CUresult, CUmodule)                      \
  X(cuModuleGetFunction, "cuModuleGetFunction", CUresult, CUfunction *,        \
    CUmodule, const char *)                                                    \
  X(cuLaunchKernel, "cuLaunchKernel", CUresult, CUfunction, unsigned,          \
    unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream,      \
    void **, void **)                                                          \
  X(cuMemAlloc, "cuMemAlloc_v2", CUresult, CUdeviceptr *, size_t)              \
  X(cuMemFree, "cuMemFree_v2", CUresult, CUdeviceptr)                          \
  X(cuMemcpyHtoD, "cuMemcpyHtoD_v2", CUresult, CUdeviceptr, const void *,      \
    size_t)                                                                    \
  X(cuMemcpyDtoH, "cuMemcpyDtoH_v2", CUresult, void *, CUdeviceptr, size_t)    \
  X(cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2", CUresult, CUdeviceptr,          \
    CUdeviceptr, size_t, CUstream)                                             \
  X(cuGetErrorName, "cuGetErrorName", CUresult, CUresult, const char **)       \
  X(cuGetErrorString, "cuGetErrorString", CUresult, CUresult, const char **)

/// CUdevice_attribute values used (cuda.h).
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

/// All are non-null once load() succeeded.
struct Driver {
#define DEFORM_CUDA_MEMBER(member, symbol, ret, ...) ret (*member)(__VA_ARGS__);
  DEFORM_CUDA_DRIVER_SYMBOLS(DEFORM_CUDA_MEMBER)
#undef DEFORM_CUDA_MEMBER
  // Versioned as _v2 since CUDA 11; older drivers have the plain name.
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
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
