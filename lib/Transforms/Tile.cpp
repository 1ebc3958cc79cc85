//===- Tile.cpp - deform-tile: tile configured deform ops into scf.forall -===//
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMTILE
#include "deform/Transforms/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
KernelConfigAttrInterface configOf(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return conv.getConfigAttr();
  return cast<RoiPoolOp>(op).getConfigAttr();
}

struct TilePass : public mlir::deform::impl::DeformTileBase<TilePass> {
  void runOnOperation() override {
    SmallVector<TilingInterface> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<Conv2dOp, RoiPoolOp>(op) &&
          !cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
        ops.push_back(cast<TilingInterface>(op));
    });
    IRRewriter rewriter(&getContext());
    for (TilingInterface op : ops) {
      // Already a tile (conv2d with an origin): nothing to do.
      if (auto conv = dyn_cast<Conv2dOp>(op.getOperation()); conv && conv.isTile())
        continue;
      KernelConfigAttrInterface config = configOf(op);
      if (!config) {
        op->emitOpError() << "has no 'config' attribute: run a configure "
                             "pass first (deform-configure-cpu), or write one";
        return signalPassFailure();
      }
      // The parallel loops get the configuration's tile sizes; the
      // reduction (conv2d input channels) stays whole: its chunks are the
      // decomposition's.
      SmallVector<OpFoldResult> tileSizes;
      for (int64_t size : config.getTileSizes())
        tileSizes.push_back(rewriter.getIndexAttr(size));
      tileSizes.resize(op.getLoopIteratorTypes().size(),
                       rewriter.getIndexAttr(0));
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      options.setTileSizes(tileSizes);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, op, options);
      if (failed(tiled)) {
        op->emitOpError() << "could not be tiled";
        return signalPassFailure();
      }
      rewriter.replaceOp(op, tiled->replacements);
    }
  }
};
} // namespace
