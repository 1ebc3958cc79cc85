//===- Signature.h - what a tuning entry is for -----------------*- C++ -*-===//
//
// The parts of a tuning database key that come from the compiler: an op's
// signature, the module's target and device, and the compiler's version.
// deform-tune and deform-apply-tuning compute them the same way.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TUNING_SIGNATURE_H
#define DEFORM_TUNING_SIGNATURE_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace deform::tuning {

/// The module attribute holding the target (`#deform.cpu_target`), as
/// deform-cpu-target sets it.
inline constexpr llvm::StringLiteral kModuleTargetAttr = "deform.target";

/// An op's name, operand and result types and every attribute but `config`
/// (defaults filled in, so writing a default or leaving it out is the same
/// op), e.g. `deform.conv2d(tensor<1x8x16x16xf32>, ...) -> tensor<...>
/// {boundary = #deform.boundary<zero>, ...}`.
std::string opSignature(mlir::Operation *op);

/// Whether `op` is one the tuner and deform-apply-tuning handle: a
/// deform.conv2d or deform.roi_pool outside any tile.
bool isTunable(mlir::Operation *op);

/// The configuration `op` carries (null when none).
mlir::Attribute configOf(mlir::Operation *op);
/// Sets `op`'s configuration (null: removes it); fails (with no diagnostic)
/// when `config` is not a kernel configuration.
mlir::LogicalResult setConfig(mlir::Operation *op, mlir::Attribute config);

/// The configuration kind and device name of a module's target attribute:
/// ("cpu", its LLVM CPU name) for a `#deform.cpu_target`. A new target
/// (CUDA: "gpu" and the device name) adds its case here.
struct TargetDescription {
  std::string kind;
  std::string device;
};
mlir::FailureOr<TargetDescription> describeTarget(mlir::Attribute target);

/// The version every entry records: "deform-mlir <version> (LLVM <version>)".
/// Bump the project version when code generation changes invalidate tuned
/// configurations.
llvm::StringRef compilerVersion();

/// CPU threads as the runtime counts them: 0 is one per hardware thread.
int64_t resolveThreads(int64_t threads);

} // namespace deform::tuning

#endif
