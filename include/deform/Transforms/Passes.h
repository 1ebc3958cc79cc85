//===- Passes.h - target-independent deform passes --------------*- C++ -*-===//
#ifndef DEFORM_TRANSFORMS_PASSES_H
#define DEFORM_TRANSFORMS_PASSES_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::deform {

/// What deform-tile tiles (its `level` option).
enum class TileLevel { Task, Workgroup, Thread };

#define GEN_PASS_DECL
#include "deform/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deform/Transforms/Passes.h.inc"

/// The discardable attribute that carries a kernel configuration where the
/// op has no `config` of its own: on a regular convolution (linalg) that
/// deform's codegen runs, and on the pieces deform-decompose makes.
inline constexpr llvm::StringLiteral kPieceConfigAttr = "deform.config";

/// The attributes of deform-shape-checks: on the module, the messages of
/// every function's checks; on a check function, the function it checks.
inline constexpr llvm::StringLiteral kShapeChecksAttr = "deform.shape_checks";
inline constexpr llvm::StringLiteral kShapeCheckOfAttr = "deform.shape_check_of";
/// On a check function that reads only the sizes of its arguments.
inline constexpr llvm::StringLiteral kShapeCheckSizesOnlyAttr =
    "deform.sizes_only";
/// The name of the check function of `function`.
inline std::string shapeCheckName(llvm::StringRef function) {
  return (function + "__shape_check").str();
}

} // namespace mlir::deform

#endif
