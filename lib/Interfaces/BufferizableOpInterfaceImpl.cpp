//===- BufferizableOpInterfaceImpl.cpp - one-shot-bufferize for deform ----===//
#include "deform/Codegen/Common/OpUtils.h"
#include "deform/Interfaces/Interfaces.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::deform;

namespace {
/// Destination-passing: each result bufferizes into its init's buffer. The
/// ops overwrite every output element, so an init is written, never read,
/// but by a conv2d tile that may add to it (input-channel origin not 0).
template <typename OpTy>
struct DeformOpBufferization
    : public DstBufferizableOpInterfaceExternalModel<DeformOpBufferization<OpTy>,
                                                     OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    if (!cast<DestinationStyleOpInterface>(op).isDpsInit(&operand))
      return true;
    auto conv = dyn_cast<Conv2dOp>(op);
    return conv && conv.isTile() &&
           getConstantIntValue(conv.getOriginChannel()) != 0;
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto dps = cast<DestinationStyleOpInterface>(op);
    SmallVector<SmallVector<Value>> groups = operandGroups(op);
    SmallVector<Value> inits;
    for (SmallVector<Value> &group : groups) {
      for (Value &v : group) {
        if (!isa<TensorType>(v.getType()))
          continue;
        bool isInit = llvm::is_contained(dps.getDpsInits(), v);
        FailureOr<Value> buffer = getBuffer(rewriter, v, options, state);
        if (failed(buffer))
          return failure();
        v = *buffer;
        if (isInit)
          inits.push_back(v);
      }
    }
    rewriter.setInsertionPoint(op);
    cloneWithOperands(rewriter, op, groups, /*resultTypes=*/{});
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
