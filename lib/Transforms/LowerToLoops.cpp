//===- LowerToLoops.cpp - deform-lower-to-loops: the scalar lowering ------===//
//
// Loops over the iteration domain around each op's TilingInterface scalar
// implementation (lib/Interfaces/ScalarImplementation.cpp).
//
//===----------------------------------------------------------------------===//
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMLOWERTOLOOPS
#include "deform/Transforms/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
struct LowerToLoopsPass : public mlir::deform::impl::DeformLowerToLoopsBase<LowerToLoopsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<Conv2dOp, RoiPoolOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics()) {
        op->emitOpError() << "is still on tensors; deform-lower-to-loops "
                             "needs buffers (run one-shot-bufferize first)";
        return signalPassFailure();
      }
      IRRewriter rewriter(op);
      rewriter.setInsertionPoint(op);
      if (failed(scf::lowerToLoopsUsingSCFForOp(rewriter,
                                                cast<TilingInterface>(op))))
        return signalPassFailure();
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
