//===- Passes.h - deform NVIDIA GPU code generation -------------*- C++ -*-===//
#ifndef DEFORM_CODEGEN_GPU_PASSES_H
#define DEFORM_CODEGEN_GPU_PASSES_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::deform {

#define GEN_PASS_DECL
#include "deform/Codegen/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deform/Codegen/GPU/Passes.h.inc"

/// The #deform.gpu_target for chip names ("sm_80", ...) and a PTX version,
/// or an error message naming the bad chip.
FailureOr<GpuTargetAttr> resolveGpuTarget(MLIRContext *ctx,
                                          ArrayRef<std::string> chips,
                                          int64_t ptx, std::string &error);

/// The GPU heuristic (deform-configure-gpu).
GpuConfigAttr chooseGpuConfig(Conv2dOp op, GpuTargetAttr target);
GpuConfigAttr chooseGpuConfig(RoiPoolOp op, GpuTargetAttr target);

/// The CUDA tools the GPU path uses, and where they were looked for.
struct CudaToolkit {
  std::string ptxas, fatbinary, libdevice; // empty when not found
  std::vector<std::string> searched;       // every place looked at
  /// "ptxas (looked in: a, b, c)" for messages.
  std::string describeSearch() const;
};
/// Finds ptxas (and the fatbinary beside it) and libdevice: the given
/// paths, then $CUDA_PATH, /usr/local/cuda, then `ptxas` on PATH.
CudaToolkit findCudaToolkit(StringRef ptxas = "", StringRef libdevice = "");

/// The module attribute holding its #deform.gpu_target (the key the CPU
/// target uses too: a module has one target).
inline constexpr llvm::StringLiteral kGpuTargetAttr = "deform.target";

/// On the module: {kernel name = registers per thread} of the kernels whose
/// configuration gives a register budget (deform-gpu-map-launch writes it,
/// deform-gpu-prepare-kernels turns it into nvvm.maxnreg).
inline constexpr llvm::StringLiteral kKernelRegistersAttr =
    "deform.kernel_registers";

/// The kernel module every GPU kernel of a compiled module ends up in.
inline constexpr llvm::StringLiteral kKernelModuleName = "deform_kernels";

/// The options of deform-gpu-pipeline.
struct GpuPipelineOptions {
  /// NVIDIA chips (sm_XY); the first one's PTX is embedded too. Ignored
  /// when the module has a target.
  std::vector<std::string> chips = {"sm_80", "sm_90"};
  /// PTX ISA version (80 = PTX 8.0).
  int64_t ptx = 80;
  /// ptxas to use, and libdevice to link (empty: search the toolkit).
  std::string ptxas, libdevice;
  /// Lower deform ops through their scalar implementation, one thread per
  /// thread tile (the correctness baseline).
  bool scalar = false;
  /// Results through caller-provided device buffers (the launch plan
  /// needs them).
  bool outParams = true;
  /// Stop after the kernels are lowered to NVVM (no binary): for tests and
  /// tools that serialize themselves.
  bool stopBeforeBinary = false;
  /// When set, each chip's PTX is written there.
  std::string ptxDir;
  /// Compile the kernels for the host instead (deform-gpu-emulate), to run
  /// in the tests' emulating CUDA driver.
  bool emulate = false;
};

/// Compile deform ops on tensors to host functions that launch kernels of
/// one embedded binary (gpu.launch_func + gpu.binary).
void buildGpuPipeline(OpPassManager &pm, const GpuPipelineOptions &options);
/// Registers `deform-gpu-pipeline` (its textual options mirror the struct).
void registerGpuPipeline();

} // namespace mlir::deform

#endif
