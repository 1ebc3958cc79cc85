//===- BufferizableOpInterfaceImpl.cpp - one-shot-bufferize for deform ----===//
#include "Passes.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::deform;

namespace {
/// Destination-passing: each result bufferizes into its init's buffer. The
/// ops overwrite every output element, so an init is written, never read.
template <typename OpTy>
struct DeformOpBufferization
    : public DstBufferizableOpInterfaceExternalModel<DeformOpBufferization<OpTy>,
                                                     OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto dps = cast<DestinationStyleOpInterface>(op);
    SmallVector<Value> operands, inits;
    for (OpOperand &operand : op->getOpOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand.get(), options, state);
      if (failed(buffer))
        return failure();
      operands.push_back(*buffer);
      if (dps.isDpsInit(&operand))
        inits.push_back(*buffer);
    }
    rewriter.setInsertionPoint(op);
    OperationState bufferOp(op->getLoc(), op->getName(), operands,
                            /*types=*/TypeRange{},
                            op->getDiscardableAttrDictionary().getValue());
    bufferOp.propertiesAttr = op->getPropertiesAsAttribute();
    rewriter.create(bufferOp);
    replaceOpWithBufferizedValues(rewriter, op, inits);
    return success();
  }
};
} // namespace

void mlir::deform::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, DeformDialect *) {
    Conv2dOp::attachInterface<DeformOpBufferization<Conv2dOp>>(*ctx);
    RoiPoolOp::attachInterface<DeformOpBufferization<RoiPoolOp>>(*ctx);
  });
}
