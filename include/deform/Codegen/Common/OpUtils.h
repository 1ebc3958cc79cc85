//===- OpUtils.h - op helpers shared by deform passes --------*- C++ -*-===//
#ifndef DEFORM_CODEGEN_COMMON_OPUTILS_H
#define DEFORM_CODEGEN_COMMON_OPUTILS_H

#include "deform/Dialect/ConvGeometry.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace mlir::deform {

/// Creates a copy of the deform op `op` (conv2d or roi_pool) with new
/// operands, grouped as the op's operand segments are (an empty group for an
/// absent optional operand), and new result types. Attributes, discardable
/// ones included, are kept.
Operation *cloneWithOperands(OpBuilder &b, Operation *op,
                             ArrayRef<SmallVector<Value>> operandGroups,
                             TypeRange resultTypes);

/// The size of dimension `dim` of a tensor or memref, folded when static.
OpFoldResult dimSize(OpBuilder &b, Location loc, Value shaped, int64_t dim);

/// A slice of a tensor (tensor.extract_slice) or memref (memref.subview),
/// unit strides.
Value slice(OpBuilder &b, Location loc, Value source,
            ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes);

/// Operand groups of `op` as they are now.
SmallVector<SmallVector<Value>> operandGroups(Operation *op);

/// The geometry of a regular convolution that deform's codegen runs on its
/// own machinery: linalg.conv_2d_nchw_fchw or linalg.conv_2d_nhwc_hwcf (no
/// offsets, one group, no pads: linalg pads with tensor.pad before).
/// std::nullopt for any other op.
std::optional<ConvGeometry> regularConvGeometry(Operation *op);

} // namespace mlir::deform

#endif
