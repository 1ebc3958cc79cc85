//===- LowerToLoops.cpp - deform-lower-to-loops ---------------------------===//
//
// The pass: each deform op in buffer form goes to ConvLowering.cpp or
// RoiPoolLowering.cpp (parallel unless already inside a tile loop), or, with
// `scalar`, through its TilingInterface scalar implementation.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"
#include "LoweringUtils.h"
#include "OpUtils.h"
#include "Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMLOWERTOLOOPS
#include "Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;
using namespace mlir::deform::detail;

namespace {
/// Static sizes that the lowering bakes into loops and buffers; tile extents
/// (batch, output rows/columns, rois) may be dynamic.
LogicalResult checkStaticSizes(Operation *op) {
  auto isStatic = [](Value v, ArrayRef<int64_t> dims) {
    auto type = cast<ShapedType>(v.getType());
    return llvm::all_of(dims, [&](int64_t d) { return !type.isDynamicDim(d); });
  };
  bool ok = true;
  if (auto conv = dyn_cast<Conv2dOp>(op)) {
    bool nhwc = conv.isNHWC();
    ok = isStatic(conv.getInput(), nhwc ? ArrayRef<int64_t>{1, 2, 3}
                                        : ArrayRef<int64_t>{1, 2, 3}) &&
         isStatic(conv.getWeight(), {0, 1, 2, 3});
  } else {
    auto roi = cast<RoiPoolOp>(op);
    ok = isStatic(roi.getInput(), {0, 1, 2, 3}) &&
         isStatic(roi.getInits()[0], {1, 2, 3});
  }
  if (ok)
    return success();
  return op->emitOpError()
         << "has a dynamic channel, kernel, image or pooled size; "
            "deform-lower-to-loops needs those static (batch, output "
            "rows/columns and rois may be dynamic)";
}

/// True when `op` already runs inside a tile loop that is itself parallel.
bool insideParallelLoop(Operation *op) {
  return op->getParentOfType<scf::ForallOp>() ||
         op->getParentOfType<scf::ParallelOp>();
}

template <typename OpTy>
LogicalResult lowerOp(OpTy op,
                      LogicalResult (*lower)(ImplicitLocOpBuilder &, OpTy, bool)) {
  if (!op.hasPureBufferSemantics())
    return op.emitOpError()
           << "is still on tensors; deform-lower-to-loops needs buffers (run "
              "one-shot-bufferize first)";
  if (failed(checkStaticSizes(op)))
    return failure();
  IRRewriter rewriter(op);
  rewriter.setInsertionPoint(op);
  ImplicitLocOpBuilder b(op.getLoc(), rewriter);
  if (failed(lower(b, op, !insideParallelLoop(op))))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

/// The exit path of the TilingInterface: loops over the iteration domain
/// around the scalar implementation.
LogicalResult lowerToScalarLoops(Operation *op) {
  if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
    return op->emitOpError()
           << "is still on tensors; deform-lower-to-loops needs buffers (run "
              "one-shot-bufferize first)";
  IRRewriter rewriter(op);
  rewriter.setInsertionPoint(op);
  if (failed(scf::lowerToLoopsUsingSCFForOp(rewriter, cast<TilingInterface>(op))))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

struct LowerToLoopsPass
    : public mlir::deform::impl::DeformLowerToLoopsBase<LowerToLoopsPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<Conv2dOp, RoiPoolOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      LogicalResult result =
          scalar ? lowerToScalarLoops(op)
          : isa<Conv2dOp>(op)
              ? lowerOp(cast<Conv2dOp>(op), lowerConv2d)
              : lowerOp(cast<RoiPoolOp>(op), lowerRoiPool);
      if (failed(result))
        return signalPassFailure();
    }
  }
};
} // namespace

LogicalResult mlir::deform::emitScalarPoint(OpBuilder &builder, Location loc,
                                            Operation *op, ValueRange ivs) {
  if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
    return op->emitOpError() << "scalar implementation needs buffers";
  if (failed(checkStaticSizes(op)))
    return failure();
  ImplicitLocOpBuilder b(loc, builder);
  if (auto conv = dyn_cast<Conv2dOp>(op)) {
    emitConv2dPoint(b, conv, ivs[0], ivs[1], ivs[2]);
    return success();
  }
  auto roi = cast<RoiPoolOp>(op);
  if (ivs.size() == 2) {
    emitRoiPoolPoint(b, roi, ivs[0], ivs[1]);
    return success();
  }
  // dcn_psroi iterates over rois only: every output channel here.
  Emitter e{b};
  Value channels = e.value(dimSize(b, loc, roi.getInits()[0], 1));
  e.loop(e.idx(0), channels, 1,
         [&](Value c) { emitRoiPoolPoint(b, roi, ivs[0], c); });
  return success();
}

