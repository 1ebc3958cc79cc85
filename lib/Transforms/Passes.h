//===- Passes.h - deform passes ---------------------------------*- C++ -*-===//
#ifndef DEFORM_TRANSFORMS_PASSES_H
#define DEFORM_TRANSFORMS_PASSES_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class DialectRegistry;
namespace deform {

#define GEN_PASS_DECL
#include "Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Passes.h.inc"

/// Name of the tile configuration attribute (see deform-select-tile-sizes).
inline constexpr llvm::StringLiteral kTileSizesAttr = "deform.tile_sizes";

/// The tile-size heuristic (see deform-select-tile-sizes).
SmallVector<int64_t, 4> chooseConvTileSizes(Conv2dOp op);
SmallVector<int64_t, 2> chooseRoiPoolTileSizes(RoiPoolOp op);

/// Lets one-shot-bufferize handle deform ops.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
/// TilingInterface on deform ops.
void registerTilingInterfaceExternalModels(DialectRegistry &registry);
/// Every external interface model above.
inline void registerInterfaceExternalModels(DialectRegistry &registry) {
  registerBufferizableOpInterfaceExternalModels(registry);
  registerTilingInterfaceExternalModels(registry);
}

/// Registers `deform-cpu-pipeline`.
void registerCpuPipeline();

} // namespace deform
} // namespace mlir

#endif
