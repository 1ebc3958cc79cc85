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
  using Base::Base;

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
    for (TilingInterface op : ops) {
      KernelConfigAttrInterface config = configOf(op);
      if (!config) {
        op->emitOpError() << "has no 'config' attribute: run a configure "
                             "pass first (deform-configure-cpu or "
                             "deform-configure-gpu), or write one";
        return signalPassFailure();
      }
      ArrayRef<int64_t> sizes = level == TileLevel::Thread
                                    ? config.getThreadTileSizes()
                                    : config.getTileSizes();
      if (sizes.empty()) {
        op->emitOpError() << "has configuration " << config
                          << " without thread tile sizes; deform-tile "
                             "level=thread needs a GPU configuration";
        return signalPassFailure();
      }
      // The parallel loops get the configuration's tile sizes; the
      // reduction (conv2d input channels) stays whole: its chunks are the
      // decomposition's.
      SmallVector<OpFoldResult> tileSizes;
      for (int64_t size : sizes)
        tileSizes.push_back(rewriter.getIndexAttr(size));
      tileSizes.resize(op.getLoopIteratorTypes().size(),
                       rewriter.getIndexAttr(0));
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      options.setTileSizes(tileSizes);
      if (level != TileLevel::Task)
        options.setMapping(gpuMapping(&getContext(), sizes.size(),
                                      level == TileLevel::Thread));
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
