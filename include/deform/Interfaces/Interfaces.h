//===- Interfaces.h - external interface models of deform ops ---*- C++ -*-===//
//
// TilingInterface (with the scalar implementation, the target-independent
// exit path of the interface) and one-shot bufferization for deform ops.
// Nothing here depends on a target.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_INTERFACES_INTERFACES_H
#define DEFORM_INTERFACES_INTERFACES_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/IR/Builders.h"

namespace mlir {
class DialectRegistry;
namespace deform {

/// Lets one-shot-bufferize handle deform ops.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
/// TilingInterface on deform ops.
void registerTilingInterfaceExternalModels(DialectRegistry &registry);
/// Every external interface model above.
inline void registerInterfaceExternalModels(DialectRegistry &registry) {
  registerBufferizableOpInterfaceExternalModels(registry);
  registerTilingInterfaceExternalModels(registry);
}

/// The computation at one point of the op's iteration domain, in buffer form
/// (TilingInterface::generateScalarImplementation): conv2d (batch, output
/// channel, row, column, input channel) -> that channel's contribution to
/// one output element; roi_pool mmcv (roi, channel) or dcn_psroi (roi) ->
/// every pooled bin of those channels. Fails with a message naming the op
/// and the operand when a size it needs is dynamic.
LogicalResult emitScalarPoint(OpBuilder &b, Location loc, Operation *op,
                              ValueRange ivs);

} // namespace deform
} // namespace mlir

#endif
