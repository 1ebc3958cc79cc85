//===- Passes.h - deform passes ---------------------------------*- C++ -*-===//
#ifndef DEFORM_TRANSFORMS_PASSES_H
#define DEFORM_TRANSFORMS_PASSES_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// The tile-size heuristic: [pixels, channels] for a convolution.
SmallVector<int64_t, 2> chooseConvTileSizes(Conv2dOp op);

/// Lets one-shot-bufferize handle deform ops.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);

/// Registers `deform-cpu-pipeline`.
void registerCpuPipeline();

} // namespace deform
} // namespace mlir

#endif
