//===- Passes.h - deform CPU code generation --------------------*- C++ -*-===//
#ifndef DEFORM_CODEGEN_CPU_PASSES_H
#define DEFORM_CODEGEN_CPU_PASSES_H

#include "deform/Dialect/DeformOps.h"
#include "deform/Tuning/ConfigSpace.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::deform {

#define GEN_PASS_DECL
#include "deform/Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deform/Codegen/CPU/Passes.h.inc"

/// The module attribute holding its #deform.cpu_target.
inline constexpr llvm::StringLiteral kTargetAttr = "deform.target";

/// The #deform.cpu_target of `cpu` ("host" or an LLVM CPU name) for the
/// host's target triple, or an error message.
FailureOr<CpuTargetAttr> resolveCpuTarget(MLIRContext *ctx, StringRef cpu,
                                          std::string &error);

/// The CPU heuristic (deform-configure-cpu), for a deform.conv2d or any
/// convolution described by its geometry, output type and element type.
CpuConfigAttr chooseCpuConfig(MLIRContext *ctx, const ConvGeometry &g,
                              ShapedType out, Type elt, CpuTargetAttr target);
CpuConfigAttr chooseCpuConfig(Conv2dOp op, CpuTargetAttr target);
CpuConfigAttr chooseCpuConfig(RoiPoolOp op, CpuTargetAttr target);

/// The configurations deform-tune may try for `op` (a conv2d or roi_pool with
/// static shapes) on `target`, starting from chooseCpuConfig; null for
/// other ops.
std::unique_ptr<::deform::tuning::ConfigSpace>
createCpuConfigSpace(Operation *op, CpuTargetAttr target);

/// The options of deform-cpu-pipeline.
struct CpuPipelineOptions {
  /// "host" or an LLVM CPU name (ignored when the module has a target).
  std::string targetCpu = "host";
  /// Lower deform ops through their scalar implementation (checking).
  bool scalar = false;
  /// Results through caller-allocated out-parameters (ahead of time).
  bool outParams = false;
  /// Fuse the regular convolutions computing a conv2d's offsets or mask
  /// into its tiles (deform-tile's `fuse`).
  bool fuse = true;
  /// Transform-dialect schedules to run on tensors before deform-tile
  /// (files with a `__transform_main` named sequence); empty: none.
  std::string schedule;
  /// A tuning database (deform-tune) whose entries configure the ops they
  /// match (deform-apply-tuning); empty: none.
  std::string tuningDb;
  /// The runtime threads the code will run on, for matching entries (0: one
  /// per hardware thread).
  int64_t tuningThreads = 0;
};

/// Compile deform ops on tensors to LLVM dialect for the CPU.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);
/// Registers `deform-cpu-pipeline` (its textual options mirror the struct).
void registerCpuPipeline();

} // namespace mlir::deform

#endif
