//===- SelectTileSizes.cpp - the tile-size heuristic ----------------------===//
//
// The one place where tile sizes are chosen. Everything after reads only the
// `deform.tile_sizes` attribute, so a tuner or a user can override it.
//
//===----------------------------------------------------------------------===//
#include "Passes.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMSELECTTILESIZES
#include "Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr int64_t kVector = 16;          // f32 lanes of an AVX-512 register
constexpr int64_t kMaxTilePixels = 128;  // pixels per tile (one task)
constexpr int64_t kColumnBytes = 64 * 1024; // sampled column buffer budget

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
} // namespace

/// A tile is `rows` x `columns` output pixels of one image: columns span the
/// row (up to 64) so the sampled pixels are contiguous in NCHW, and rows are
/// chosen so that rows*columns fills whole vectors of 16 pixels (what the
/// micro-kernel works on) with little waste, preferring 64 pixels or more. Channels per chunk keep
/// the column buffer (channels*kh*kw x pixels floats) within 64 KiB.
SmallVector<int64_t, 4> mlir::deform::chooseConvTileSizes(Conv2dOp op) {
  auto in = cast<ShapedType>(op.getInput().getType());
  auto out = cast<ShapedType>(op.getInit().getType());
  bool nhwc = op.isNHWC();
  int64_t outH = out.getDimSize(nhwc ? 1 : 2), outW = out.getDimSize(nhwc ? 2 : 3);
  if (ShapedType::isDynamic(outH))
    outH = 16;
  if (ShapedType::isDynamic(outW))
    outW = 16;
  int64_t columns = std::min<int64_t>(outW, 64);
  // Rows: the share of useful pixels in the whole vectors, times how close
  // the tile comes to 4 vectors (the micro-kernel's widest, best-fed shape).
  int64_t rows = 1;
  double best = -1;
  for (int64_t r = 1; r <= std::min<int64_t>(outH, kMaxTilePixels / columns); ++r) {
    double padded = double(roundUp(r * columns, kVector));
    double score = double(r * columns) / padded *
                   std::min(1.0, padded / double(4 * kVector));
    if (score > best + 1e-9) {
      best = score;
      rows = r;
    }
  }
  int64_t pixels = roundUp(rows * columns, kVector);
  int64_t taps = op.getKernelH() * op.getKernelW();
  int64_t channels = in.getDimSize(nhwc ? 3 : 1) / op.getGroups();
  int64_t budget = std::max<int64_t>(1, kColumnBytes / 4 / (taps * pixels));
  return {1, rows, columns, std::max<int64_t>(1, std::min(channels, budget))};
}

/// Enough (roi, channel) work per task to amortize the loop, and tasks for
/// every thread: 4 rois x 64 channels.
SmallVector<int64_t, 2> mlir::deform::chooseRoiPoolTileSizes(RoiPoolOp op) {
  if (op.isPositionSensitive())
    return {4};
  return {4, 64};
}

namespace {
struct SelectTileSizesPass
    : public mlir::deform::impl::DeformSelectTileSizesBase<SelectTileSizesPass> {
  using Base::Base;
  void runOnOperation() override {
    getOperation()->walk([&](Operation *op) {
      if (op->hasAttr(kTileSizesAttr))
        return;
      SmallVector<int64_t> sizes;
      if (auto conv = dyn_cast<Conv2dOp>(op)) {
        sizes = llvm::to_vector(chooseConvTileSizes(conv));
        if (rows > 0)
          sizes[1] = rows;
        if (columns > 0)
          sizes[2] = columns;
        if (channels > 0)
          sizes[3] = channels;
      } else if (auto roi = dyn_cast<RoiPoolOp>(op)) {
        sizes = llvm::to_vector(chooseRoiPoolTileSizes(roi));
      } else {
        return;
      }
      op->setAttr(kTileSizesAttr, DenseI64ArrayAttr::get(op->getContext(), sizes));
    });
  }
};
} // namespace
