//===- Lowering.h - loop lowering of deform ops -----------------*- C++ -*-===//
#ifndef DEFORM_TRANSFORMS_LOWERING_H
#define DEFORM_TRANSFORMS_LOWERING_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::deform {

/// Emits the computation of one point of the op's iteration domain
/// (TilingInterface::generateScalarImplementation): conv2d (batch, row,
/// column) -> every output channel; roi_pool mmcv (roi, channel) or
/// dcn_psroi (roi) -> every pooled bin. Buffer form only.
LogicalResult emitScalarPoint(OpBuilder &b, Location loc, Operation *op,
                              ValueRange ivs);

/// A whole conv2d / roi_pool in buffer form with static channel, kernel and
/// image sizes, as loops (an scf.parallel over its tiles when `parallel`).
LogicalResult lowerConv2d(ImplicitLocOpBuilder &b, Conv2dOp op, bool parallel);
LogicalResult lowerRoiPool(ImplicitLocOpBuilder &b, RoiPoolOp op, bool parallel);

/// One point of the iteration domain (see emitScalarPoint).
void emitConv2dPoint(ImplicitLocOpBuilder &b, Conv2dOp op, Value batch, Value y,
                     Value x);
void emitRoiPoolPoint(ImplicitLocOpBuilder &b, RoiPoolOp op, Value r, Value c);

} // namespace mlir::deform

#endif
