//===- Lowering.h - loop lowering of deform ops -----------------*- C++ -*-===//
#ifndef DEFORM_TRANSFORMS_LOWERING_H
#define DEFORM_TRANSFORMS_LOWERING_H

#include "mlir/IR/Builders.h"

namespace mlir::deform {

/// Emits the computation of one point of the op's iteration domain
/// (TilingInterface::generateScalarImplementation): conv2d (batch, row,
/// column) -> every output channel; roi_pool mmcv (roi, channel) or
/// dcn_psroi (roi) -> every pooled bin. Buffer form only.
LogicalResult emitScalarPoint(OpBuilder &b, Location loc, Operation *op,
                              ValueRange ivs);

} // namespace mlir::deform

#endif
