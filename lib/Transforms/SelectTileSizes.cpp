//===- SelectTileSizes.cpp - the tile-size heuristic ----------------------===//
#include "Passes.h"

#include <numeric>

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMSELECTTILESIZES
#include "Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

/// Pixels per tile: a multiple of 16 (one AVX-512 vector of f32) so the
/// contraction's inner loop vectorizes without a remainder. Channels per
/// chunk: the column buffer (Cc*K x P floats) stays near 64 KiB so it lives in
/// L2 next to the tile's accumulator; Cc must divide the channels that share
/// one weight group and one offset group (see deform-lower-to-loops).
SmallVector<int64_t, 2> mlir::deform::chooseConvTileSizes(Conv2dOp op) {
  auto in = cast<ShapedType>(op.getInput().getType());
  auto out = cast<ShapedType>(op.getInit().getType());
  int64_t outPixels = op.isNHWC() ? out.getDimSize(1) * out.getDimSize(2)
                                  : out.getDimSize(2) * out.getDimSize(3);
  int64_t pixels = outPixels >= 64 ? 64 : 16 * ((outPixels + 15) / 16);
  int64_t taps = op.getKernelH() * op.getKernelW();
  int64_t channels = op.isNHWC() ? in.getDimSize(3) : in.getDimSize(1);
  int64_t perGroup = channels / op.getGroups();
  int64_t budget = std::max<int64_t>(1, (64 * 1024 / 4) / (taps * pixels));
  return {pixels, std::min(perGroup, budget)};
}

namespace {
struct SelectTileSizesPass
    : public mlir::deform::impl::DeformSelectTileSizesBase<SelectTileSizesPass> {
  using Base::Base;
  void runOnOperation() override {
    getOperation()->walk([&](Conv2dOp op) {
      if (op->hasAttr(kTileSizesAttr))
        return;
      SmallVector<int64_t, 2> sizes = chooseConvTileSizes(op);
      if (pixels > 0)
        sizes[0] = pixels;
      if (channels > 0)
        sizes[1] = channels;
      op->setAttr(kTileSizesAttr,
                  DenseI64ArrayAttr::get(op.getContext(), sizes));
    });
  }
};
} // namespace
