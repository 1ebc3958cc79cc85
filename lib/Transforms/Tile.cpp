//===- Tile.cpp - deform-tile: tile deform ops into scf.forall ------------===//
#include "Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMTILE
#include "Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
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
      auto sizes = op->getAttrOfType<DenseI64ArrayAttr>(kTileSizesAttr);
      size_t loops = op.getLoopIteratorTypes().size();
      if (!sizes || sizes.size() < static_cast<int64_t>(loops)) {
        op->emitOpError() << "needs attribute '" << kTileSizesAttr << "' with "
                          << loops << " leading tile sizes (run "
                          << "deform-select-tile-sizes first)";
        return signalPassFailure();
      }
      // Already a tile (conv2d with an origin): nothing to do.
      if (auto conv = dyn_cast<Conv2dOp>(op.getOperation()); conv && conv.isTile())
        continue;
      SmallVector<OpFoldResult> tileSizes;
      for (size_t i = 0; i < loops; ++i)
        tileSizes.push_back(rewriter.getIndexAttr(sizes[i]));
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
