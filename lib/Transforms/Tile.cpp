//===- Tile.cpp - deform-tile: tile configured deform ops into scf.forall -===//
//
// Tiles with the configuration's sizes through TilingInterface; a regular
// convolution that computes a conv2d's offsets or mask is fused into the
// conv2d's tiles (upstream's tile-and-fuse), so each tile computes only the
// offsets it reads.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/Common/OpUtils.h"
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
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
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    return roi.getConfigAttr();
  return op->getAttrOfType<KernelConfigAttrInterface>(kPieceConfigAttr);
}

/// A configured regular convolution on tensors, not yet a tile.
bool isConfiguredRegularConv(Operation *op) {
  return regularConvGeometry(op) && op->hasAttr(kPieceConfigAttr) &&
         cast<DestinationStyleOpInterface>(op).hasPureTensorSemantics() &&
         !op->getParentOfType<scf::ForallOp>();
}

/// The producers a conv2d tile computes itself: the configured regular
/// convolutions behind its offset and mask operands (through slices), and
/// the fills that initialize them.
bool fusesInto(Conv2dOp conv, tensor::ExtractSliceOp slice, OpResult producer) {
  Operation *op = producer.getOwner();
  if (isa<linalg::FillOp>(op))
    return llvm::any_of(op->getUsers(), isConfiguredRegularConv);
  if (!isConfiguredRegularConv(op))
    return false;
  // The slice reads (a slice of) the conv2d's offset or mask operand.
  Value read = slice.getSource();
  auto feeds = [&](Value operand) {
    for (Value v = operand; v;) {
      if (v == read || v == producer)
        return true;
      auto inner = v.getDefiningOp<tensor::ExtractSliceOp>();
      v = inner ? inner.getSource() : Value();
    }
    return false;
  };
  return feeds(conv.getOffset()) || (conv.getMask() && feeds(conv.getMask()));
}

struct TilePass : public mlir::deform::impl::DeformTileBase<TilePass> {
  using DeformTileBase::DeformTileBase;

  void runOnOperation() override {
    SmallVector<TilingInterface> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<Conv2dOp, RoiPoolOp>(op) &&
          !cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
        ops.push_back(cast<TilingInterface>(op));
    });
    IRRewriter rewriter(&getContext());
    for (TilingInterface op : ops)
      if (failed(tile(rewriter, op)))
        return signalPassFailure();
    // Regular convolutions left whole (not fused, or fusion off).
    SmallVector<TilingInterface> regular;
    getOperation()->walk([&](Operation *op) {
      if (isConfiguredRegularConv(op))
        regular.push_back(cast<TilingInterface>(op));
    });
    for (TilingInterface op : regular)
      if (failed(tile(rewriter, op)))
        return signalPassFailure();
    // A fused producer's init is a slice of an empty tensor: make it a
    // tile-sized empty tensor, so bufferization allocates one tile of it.
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }

  LogicalResult tile(IRRewriter &rewriter, TilingInterface op) {
    // Already a tile (conv2d with an origin): nothing to do.
    if (auto conv = dyn_cast<Conv2dOp>(op.getOperation()); conv && conv.isTile())
      return success();
    KernelConfigAttrInterface config = configOf(op);
    if (!config)
      return op->emitOpError() << "has no 'config' attribute: run a configure "
                                  "pass first (deform-configure-cpu), or "
                                  "write one";
    // The parallel loops get the configuration's tile sizes; the reduction
    // (input channels, kernel) stays whole: its chunks are the
    // decomposition's.
    // A tile that spans a whole static dimension leaves it untiled, so its
    // slices keep static sizes.
    SmallVector<Range> domain = op.getIterationDomain(rewriter);
    SmallVector<int64_t> sizes(config.getTileSizes());
    // linalg.conv_2d_nhwc_hwcf iterates (batch, row, column, channel).
    if (std::optional<ConvGeometry> g = regularConvGeometry(op);
        g && g->nhwc && sizes.size() == 4)
      sizes = {sizes[0], sizes[2], sizes[3], sizes[1]};
    SmallVector<OpFoldResult> tileSizes;
    for (auto [i, size] : llvm::enumerate(sizes)) {
      std::optional<int64_t> extent =
          i < domain.size() ? getConstantIntValue(domain[i].size) : std::nullopt;
      tileSizes.push_back(
          rewriter.getIndexAttr(extent && size >= *extent ? 0 : size));
    }
    tileSizes.resize(op.getLoopIteratorTypes().size(), rewriter.getIndexAttr(0));
    scf::SCFTilingOptions options;
    options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    options.setTileSizes(tileSizes);
    rewriter.setInsertionPoint(op);

    auto conv = dyn_cast<Conv2dOp>(op.getOperation());
    if (!conv || !fuse) {
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, op, options);
      if (failed(tiled))
        return op->emitOpError() << "could not be tiled";
      rewriter.replaceOp(op, tiled->replacements);
      return success();
    }
    scf::SCFTileAndFuseOptions fuseOptions;
    fuseOptions.setTilingOptions(options);
    fuseOptions.setFusionControlFn(
        [&](tensor::ExtractSliceOp slice, OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (fusesInto(conv, slice, producer))
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          return std::nullopt;
        });
    FailureOr<scf::SCFTileAndFuseResult> tiled =
        scf::tileConsumerAndFuseProducersUsingSCF(rewriter, op, fuseOptions);
    if (failed(tiled))
      return op->emitOpError() << "could not be tiled";
    for (OpResult result : op->getResults())
      rewriter.replaceAllUsesWith(result, tiled->replacements.lookup(result));
    rewriter.eraseOp(op);
    // Producers computed in the tiles and used nowhere else.
    for (Operation *producer : llvm::reverse(tiled->fusedProducers))
      if (producer->use_empty())
        rewriter.eraseOp(producer);
    return success();
  }
};
} // namespace
