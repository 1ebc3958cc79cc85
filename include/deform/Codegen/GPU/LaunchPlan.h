//===- LaunchPlan.h - what a compiled GPU function does, as data -*- C++ -*-===//
//
// After deform-gpu-pipeline a public function is a host function on
// memrefs: buffers (its arguments, its out-parameters, static allocations)
// and, in order, gpu.launch_func of kernels of one gpu.binary and copies.
// This reads that into plain data the tools embed (deform-compile) or hand
// to the runtime (deform-run): deform_gpu_program of deform_runtime.h.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_GPU_LAUNCHPLAN_H
#define DEFORM_CODEGEN_GPU_LAUNCHPLAN_H

#include "mlir/IR/BuiltinOps.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace mlir::deform {

struct GpuStep {
  std::string kernel; // empty: a copy of copyBytes from args[0] to args[1]
  std::array<uint32_t, 3> grid{1, 1, 1}, block{1, 1, 1};
  uint32_t sharedBytes = 0;
  std::vector<uint32_t> args; // buffer indices, in parameter order
  uint64_t copyBytes = 0;
};

struct GpuFunctionPlan {
  uint32_t numInputs = 0, numParams = 0;
  std::vector<uint64_t> bufferBytes; // params, then temporaries
  std::vector<GpuStep> steps;
};

struct GpuModulePlan {
  /// Every kernel of the module: a fatbin, or PTX text, or (emulation) LLVM
  /// bitcode for the host.
  std::string image;
  enum class Format { Fatbin, Ptx, Emulated } format = Format::Ptx;
  std::map<std::string, GpuFunctionPlan> functions;
};

/// Reads the launch plans of `module`'s public functions; `numInputs` gives
/// each function's inputs before its results became out-parameters. Fails
/// with a diagnostic naming the host op that is no launch, buffer or copy.
FailureOr<GpuModulePlan>
extractLaunchPlans(ModuleOp module,
                   const std::map<std::string, uint32_t> &numInputs);

} // namespace mlir::deform

#endif
