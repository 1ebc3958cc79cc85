//===- Tile.cpp - deform-tile: tile configured deform ops into scf.forall -===//
//
// Tiles with the configuration's sizes through TilingInterface (CPU tasks,
// GPU workgroups or threads, by `level`); on the CPU a regular
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

/// The iteration domain's static extents (nullopt where dynamic). The
/// interface builds the dynamic ones as IR (tensor.dim): erased again, so
/// that nothing is left dead or unlinked.
SmallVector<std::optional<int64_t>> staticExtents(TilingInterface op) {
  struct Created : OpBuilder::Listener {
    void notifyOperationInserted(Operation *op, OpBuilder::InsertPoint) override {
      ops.push_back(op);
    }
    SmallVector<Operation *> ops;
  } created;
  OpBuilder b(op, &created);
  SmallVector<std::optional<int64_t>> extents;
  for (const Range &r : op.getIterationDomain(b))
    extents.push_back(getConstantIntValue(r.size));
  for (Operation *o : llvm::reverse(created.ops))
    if (o->use_empty())
      o->erase();
  return extents;
}

/// Whether `op` is inside an scf.forall mapped to GPU blocks.
bool inWorkgroupLoop(Operation *op) {
  for (auto forall = op->getParentOfType<scf::ForallOp>(); forall;
       forall = forall->getParentOfType<scf::ForallOp>())
    if (forall.getMapping() &&
        llvm::any_of(*forall.getMapping(), [](Attribute a) {
          return isa<gpu::GPUBlockMappingAttr>(a);
        }))
      return true;
  return false;
}

/// `#gpu.block<linear_dim_i>` (or thread) for each of `n` loops, the last
/// loop varying fastest (linear_dim_0).
SmallVector<Attribute> gpuMapping(MLIRContext *ctx, size_t n, bool threads) {
  SmallVector<Attribute> mapping;
  for (size_t i = 0; i < n; ++i) {
    auto id = static_cast<gpu::MappingId>(
        static_cast<int64_t>(gpu::MappingId::LinearDim0) + (n - 1 - i));
    mapping.push_back(threads ? Attribute(gpu::GPUThreadMappingAttr::get(ctx, id))
                              : Attribute(gpu::GPUBlockMappingAttr::get(ctx, id)));
  }
  return mapping;
}

struct TilePass : public mlir::deform::impl::DeformTileBase<TilePass> {
  using DeformTileBase::DeformTileBase;

  /// Whether this level tiles `op`.
  bool selects(Operation *op) const {
    if (level == TileLevel::Thread)
      return inWorkgroupLoop(op);
    if (op->getParentOfType<scf::ForallOp>())
      return false;
    // Already a tile (conv2d with an origin): nothing to do.
    auto conv = dyn_cast<Conv2dOp>(op);
    return !(conv && conv.isTile());
  }

  void runOnOperation() override {
    SmallVector<TilingInterface> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<Conv2dOp, RoiPoolOp>(op) &&
          !cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics() &&
          selects(op))
        ops.push_back(cast<TilingInterface>(op));
    });
    IRRewriter rewriter(&getContext());
    for (TilingInterface op : ops)
      if (failed(tile(rewriter, op)))
        return signalPassFailure();
    // GPU levels tile the deform ops only (regular convolutions carry a
    // CPU configuration).
    if (level != TileLevel::Task)
      return;
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
    KernelConfigAttrInterface config = configOf(op);
    if (!config)
      return op->emitOpError() << "has no 'config' attribute: run a configure "
                                  "pass first (deform-configure-cpu or "
                                  "deform-configure-gpu), or write one";
    bool task = level == TileLevel::Task;
    ArrayRef<int64_t> levelSizes = level == TileLevel::Thread
                                       ? config.getThreadTileSizes()
                                       : config.getTileSizes();
    if (levelSizes.empty())
      return op->emitOpError() << "has configuration " << config
                               << " without thread tile sizes; deform-tile "
                                  "level=thread needs a GPU configuration";
    // The parallel loops get the configuration's tile sizes; the reduction
    // (input channels, kernel) stays whole: its chunks are the
    // decomposition's.
    // On the CPU, a tile that spans a whole static dimension leaves it
    // untiled, so its slices keep static sizes (GPU loops keep one mapped
    // dimension per size).
    SmallVector<std::optional<int64_t>> extents = staticExtents(op);
    // An empty domain (e.g. no rois) writes nothing: the results are the
    // destinations as they are (an empty slice is not a valid tile).
    if (llvm::any_of(extents, [](std::optional<int64_t> e) { return e == 0; })) {
      rewriter.replaceOp(op, cast<DestinationStyleOpInterface>(
                                 op.getOperation()).getDpsInits());
      return success();
    }
    SmallVector<int64_t> sizes(levelSizes);
    // linalg.conv_2d_nhwc_hwcf iterates (batch, row, column, channel).
    if (std::optional<ConvGeometry> g = regularConvGeometry(op);
        g && g->nhwc && sizes.size() == 4)
      sizes = {sizes[0], sizes[2], sizes[3], sizes[1]};
    SmallVector<OpFoldResult> tileSizes;
    for (auto [i, size] : llvm::enumerate(sizes)) {
      std::optional<int64_t> extent =
          i < extents.size() ? extents[i] : std::nullopt;
      tileSizes.push_back(
          rewriter.getIndexAttr(task && extent && size >= *extent ? 0 : size));
    }
    tileSizes.resize(op.getLoopIteratorTypes().size(), rewriter.getIndexAttr(0));
    scf::SCFTilingOptions options;
    options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    options.setTileSizes(tileSizes);
    if (!task)
      options.setMapping(gpuMapping(&getContext(), sizes.size(),
                                    level == TileLevel::Thread));
    rewriter.setInsertionPoint(op);

    auto conv = dyn_cast<Conv2dOp>(op.getOperation());
    if (!conv || !fuse || !task) {
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
