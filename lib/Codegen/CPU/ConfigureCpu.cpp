//===- ConfigureCpu.cpp - deform-configure-cpu: the CPU heuristic ---------===//
//
// The one place where CPU kernel configurations are chosen, from the
// module's #deform.cpu_target. Everything after reads only the `config`
// attribute, so a tuner or a user can override any of it.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/CPU/Passes.h"
#include "deform/Codegen/Common/OpUtils.h"
#include "deform/Codegen/Common/Sampling.h"
#include "deform/Transforms/Passes.h"

#include "mlir/IR/Verifier.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMCONFIGURECPU
#include "deform/Codegen/CPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr int64_t kMaxTilePixels = 128;     // pixels per tile (one task)
constexpr int64_t kColumnBytes = 256 * 1024; // sampled column buffer budget
constexpr int64_t kAccumulatorBytes = 256 * 1024; // a tile past 128 pixels
constexpr int64_t kMinTasks = 8;            // tiles, where the op has them

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// Largest divisor of `n` that is at most `limit` (at least 1).
int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, std::max<int64_t>(limit, 1)); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Channels per chunk of a segment of `n` within `budget`: a divisor where
/// one comes within half of it, else equal chunks (131 = 44 + 44 + 43, not
/// 131 chunks of one channel).
int64_t chunkOf(int64_t n, int64_t budget) {
  budget = std::clamp<int64_t>(budget, 1, n);
  int64_t divisor = largestDivisorAtMost(n, budget);
  if (2 * divisor >= budget)
    return divisor;
  int64_t chunks = (n + budget - 1) / budget;
  return (n + chunks - 1) / chunks;
}

/// Lanes of `elementType`'s compute type in one of the target's vectors.
int64_t lanes(CpuTargetAttr target, Type elementType) {
  int64_t bits = getComputeType(elementType).getWidth();
  return std::clamp<int64_t>(target.getVectorBits() / bits, 1, 64);
}

/// Names the first of `dims` of `v` that is dynamic.
LogicalResult requireStatic(Operation *op, StringRef operand, Value v,
                            ArrayRef<int64_t> dims, StringRef what) {
  auto type = cast<ShapedType>(v.getType());
  for (int64_t d : dims)
    if (type.isDynamicDim(d))
      return op->emitOpError() << "operand '" << operand << "' dimension " << d
                               << " (" << what << ") is dynamic (" << type
                               << "); the CPU code generator needs it static";
  return success();
}
} // namespace

/// A tile is `rows` x `columns` output pixels of one image and all its output
/// channels: columns span the row (up to 128, else an even split of it: no
/// narrow remainder tile) so the sampled pixels are
/// contiguous in NCHW, and rows bring the tile close to 128 pixels with
/// little padding to whole vectors over the image (a ragged last tile
/// computes as many pixels as a whole one), leaving at least 8 tiles
/// (threads need tasks) where the op has that many rows. The micro-kernel's register tile is
/// 6 output channels x 4 vectors (24 accumulators) with 32 vector registers
/// (AVX-512), 6 x 2 (12) with 16 (AVX2): both leave registers for the
/// column vectors and the broadcast weight, and load at most one operand
/// per two FMAs. Channels per chunk keep the column buffer within 256 KiB
/// (a quarter of a Zen 4/5 L2: fewer passes over the accumulators).
CpuConfigAttr mlir::deform::chooseCpuConfig(MLIRContext *ctx,
                                            const ConvGeometry &g,
                                            ShapedType out, Type elt,
                                            CpuTargetAttr target) {
  int64_t vector = lanes(target, elt);
  int64_t outH = out.getDimSize(g.rowDim()), outW = out.getDimSize(g.columnDim());
  if (ShapedType::isDynamic(outH))
    outH = 16;
  if (ShapedType::isDynamic(outW))
    outW = 16;
  // Whole rows up to kMaxTilePixels, else the row split evenly.
  int64_t perRow = (outW + kMaxTilePixels - 1) / kMaxTilePixels;
  int64_t columns = (outW + perRow - 1) / perRow;
  int64_t batch = out.getDimSize(0);
  if (ShapedType::isDynamic(batch))
    batch = 1;
  auto tasks = [&](int64_t r) {
    return batch * ((outH + r - 1) / r) * ((outW + columns - 1) / columns);
  };
  int64_t minTasks = std::min(kMinTasks, tasks(1));
  // Rows: the share of the computed pixels that are real over the whole
  // image (each tile computes whole vectors, a ragged last tile as many as
  // the others), times how close the tile comes to kMaxTilePixels; a tile
  // may reach twice that where it wastes less and its accumulators stay
  // within kAccumulatorBytes (L2).
  int64_t bytes = getComputeType(elt).getWidth() / 8;
  auto fits = [&](int64_t padded) {
    return padded <= kMaxTilePixels ||
           g.outputBlock() * padded * bytes <= kAccumulatorBytes;
  };
  int64_t rows = 1;
  double best = -1;
  int64_t tilesPerRow = (outW + columns - 1) / columns;
  for (int64_t r = 1;
       r <= std::min<int64_t>(outH, 2 * kMaxTilePixels / columns) &&
       tasks(r) >= minTasks;
       ++r) {
    if (!fits(roundUp(r * columns, vector)))
      break;
    double padded = double(roundUp(r * columns, vector));
    double computed = double((outH + r - 1) / r * tilesPerRow) * padded;
    double score = double(outH * outW) / computed *
                   std::min(1.0, padded / double(kMaxTilePixels));
    if (score > best + 1e-9) {
      best = score;
      rows = r;
    }
  }
  bool manyRegisters = target.getVectorRegisters() >= 32;
  int64_t kernelRows = 6, vectors = manyRegisters ? 4 : 2;
  int64_t pixels = roundUp(rows * columns, vector);
  int64_t budget = std::max<int64_t>(1, kColumnBytes / bytes / (g.taps * pixels));
  int64_t reduction = chunkOf(g.channelSegment(), budget);
  // Every output channel in one task: it samples once per block of them.
  return CpuConfigAttr::get(ctx, {1, g.outChannels, rows, columns}, reduction,
                            vector, {kernelRows, vectors});
}

CpuConfigAttr mlir::deform::chooseCpuConfig(Conv2dOp op, CpuTargetAttr target) {
  return chooseCpuConfig(op.getContext(), op.getGeometry(),
                         cast<ShapedType>(op.getInit().getType()),
                         op.getInput().getType().getElementType(), target);
}

/// Enough (roi, channel) work per task to amortize the loop, and tasks for
/// every thread: 4 rois x 64 channels, the channels a vector at a time.
CpuConfigAttr mlir::deform::chooseCpuConfig(RoiPoolOp op, CpuTargetAttr target) {
  if (op.isPositionSensitive())
    return CpuConfigAttr::get(op.getContext(), {4}, 0, 1, {});
  int64_t vector = std::max<int64_t>(8, target.getVectorBits() / 32);
  return CpuConfigAttr::get(op.getContext(), {4, 64}, 0, vector, {});
}

namespace {
struct ConfigureCpuPass : public mlir::deform::impl::DeformConfigureCpuBase<ConfigureCpuPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<CpuTargetAttr>(kTargetAttr);
    WalkResult result = module.walk([&](Operation *op) {
      auto conv = dyn_cast<Conv2dOp>(op);
      auto roi = dyn_cast<RoiPoolOp>(op);
      std::optional<ConvGeometry> regular = regularConvGeometry(op);
      if (!conv && !roi && !regular)
        return WalkResult::advance();
      if (regular)
        return configureRegular(op, *regular, target);
      if (conv ? bool(conv.getConfigAttr()) : bool(roi.getConfigAttr()))
        return WalkResult::advance();
      if (!target)
        return noTarget(op);
      if (conv) {
        ConvGeometry g = conv.getGeometry();
        if (failed(requireStatic(op, "input", conv.getInput(), {g.channelDim()},
                                 "input channels")) ||
            failed(requireStatic(op, "weight", conv.getWeight(), {0, 1, 2, 3},
                                 "weight sizes")))
          return WalkResult::interrupt();
        conv.setConfigAttr(chooseCpuConfig(conv, target));
      } else {
        if (failed(requireStatic(op, "output", roi.getInits()[0], {1, 2, 3},
                                 "output channels and pooled sizes")))
          return WalkResult::interrupt();
        roi.setConfigAttr(chooseCpuConfig(roi, target));
      }
      // The heuristic's choices must pass the verifier like any other.
      if (failed(mlir::verify(op)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

  WalkResult noTarget(Operation *op) {
    op->emitOpError() << "cannot be configured: the module has no '"
                      << kTargetAttr
                      << "' #deform.cpu_target (run deform-cpu-target)";
    return WalkResult::interrupt();
  }

  /// A regular convolution (linalg) on tensors runs on the same machinery
  /// when its channels and kernel are static: its configuration goes in a
  /// `deform.config` attribute (checked like a conv2d's when already there).
  /// Others stay as they are (upstream's loops).
  WalkResult configureRegular(Operation *op, const ConvGeometry &g,
                              CpuTargetAttr target) {
    auto linalgOp = cast<linalg::LinalgOp>(op);
    if (!linalgOp.hasPureTensorSemantics() ||
        ShapedType::isDynamic(g.channels) || ShapedType::isDynamic(g.taps) ||
        ShapedType::isDynamic(g.outChannels))
      return WalkResult::advance();
    auto out = cast<ShapedType>(linalgOp.getDpsInits()[0].getType());
    Type elt = getElementTypeOrSelf(linalgOp.getDpsInputs()[0].getType());
    if (!isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(elt) ||
        llvm::any_of(op->getOperandTypes(), [&](Type t) {
          return getElementTypeOrSelf(t) != elt;
        }))
      return WalkResult::advance();
    auto config = op->getAttrOfType<CpuConfigAttr>(kPieceConfigAttr);
    if (!config) {
      if (!target)
        return noTarget(op);
      config = chooseCpuConfig(op->getContext(), g, out, elt, target);
      op->setAttr(kPieceConfigAttr, config);
    }
    if (failed(config.verifyForConvolution(op, g)))
      return WalkResult::interrupt();
    return WalkResult::advance();
  }
};
} // namespace
