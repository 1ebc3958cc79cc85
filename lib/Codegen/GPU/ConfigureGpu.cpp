//===- ConfigureGpu.cpp - deform-configure-gpu: the GPU heuristic ---------===//
//
// The one place where GPU kernel configurations are chosen, from the
// module's #deform.gpu_target. Everything after reads only the `config`
// attribute, so a tuner or a user can override any of it.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/Common/Sampling.h"
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/IR/Verifier.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMCONFIGUREGPU
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr int64_t kMaxOutputChannels = 64; // per workgroup
constexpr int64_t kMaxColumns = 64;        // output columns per workgroup
constexpr int64_t kMaxPixels = 128;        // output pixels per workgroup
constexpr int64_t kMaxThreads = 256;       // per workgroup, conv2d
constexpr int64_t kPixelsPerThread = 4;    // one 16-byte vector of f32
// Registers per thread of the fused kernel: its register tile, the
// sampling's corners and addresses fit without spilling (ptxas, left to
// itself, aims at 4 workgroups per multiprocessor and spills).
constexpr int64_t kConvRegisters = 96;

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, std::max<int64_t>(limit, 1)); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Shared memory bytes of a conv2d workgroup.
int64_t sharedBytes(int64_t reduction, int64_t taps, int64_t pixels,
                    int64_t oc, bool weights, int64_t bytes) {
  int64_t k = reduction * taps;
  return (k * pixels + (weights ? oc * roundUp(k, 4) : 0)) * bytes;
}

/// The largest divisor of `segment` whose chunk fits `budget` bytes (0 if
/// none), preferring, among those at least half as large, one whose
/// columns (reduction * taps) are a multiple of 4: whole vector steps in
/// the micro-kernel.
int64_t chooseReduction(int64_t segment, int64_t taps, int64_t pixels,
                        int64_t oc, bool weights, int64_t bytes,
                        int64_t budget) {
  int64_t best = 0;
  for (int64_t d = segment; d >= 1; --d)
    if (segment % d == 0 &&
        sharedBytes(d, taps, pixels, oc, weights, bytes) <= budget) {
      best = d;
      break;
    }
  if (best == 0 || best * taps % 4 == 0)
    return best;
  for (int64_t d = best - 1; 2 * d >= best; --d)
    if (segment % d == 0 && d * taps % 4 == 0)
      return d;
  return best;
}

/// Names the first of `dims` of `v` that is dynamic.
LogicalResult requireStatic(Operation *op, StringRef operand, Value v,
                            ArrayRef<int64_t> dims, StringRef what) {
  auto type = cast<ShapedType>(v.getType());
  for (int64_t d : dims)
    if (type.isDynamicDim(d))
      return op->emitOpError() << "operand '" << operand << "' dimension " << d
                               << " (" << what << ") is dynamic (" << type
                               << "); the GPU code generator needs it static";
  return success();
}
} // namespace

/// A workgroup computes up to 64 output channels of one weight and offset
/// group x up to 128 pixels (whole rows of up to 64 columns, rounded up to
/// the thread tile's 4 pixels), one thread per 8 (or 4) channels x 4
/// pixels, at most 256 threads. Its input channels are sampled into shared
/// memory a chunk at a time, the largest chunk whose columns and weights
/// fit the target's static shared memory; when even one channel does not
/// fit, the weights stay in global memory, then the tile loses rows. Each
/// thread gets 96 registers.
GpuConfigAttr mlir::deform::chooseGpuConfig(Conv2dOp op, GpuTargetAttr target) {
  ConvGeometry g = op.getGeometry();
  Type elt = op.getInput().getType().getElementType();
  int64_t bytes = getComputeType(elt).getWidth() / 8;
  auto out = cast<ShapedType>(op.getInit().getType());
  int64_t outH = out.getDimSize(g.rowDim()), outW = out.getDimSize(g.columnDim());
  if (ShapedType::isDynamic(outH))
    outH = 16;
  if (ShapedType::isDynamic(outW))
    outW = 16;
  int64_t oc = largestDivisorAtMost(g.outputBlock(), kMaxOutputChannels);
  int64_t toc = oc >= 32 && oc % 8 == 0 ? 8
                : oc % 4 == 0           ? 4
                : oc % 2 == 0           ? 2
                                        : 1;
  int64_t tpx = kPixelsPerThread;
  int64_t maxThreads = std::min(kMaxThreads, target.getMaxThreads());
  int64_t columns = std::min(roundUp(outW, tpx), kMaxColumns);
  auto threads = [&](int64_t rows) { return oc / toc * rows * (columns / tpx); };
  int64_t rows = 1;
  while (rows < outH && (rows + 1) * columns <= kMaxPixels &&
         threads(rows + 1) <= maxThreads)
    ++rows;
  int64_t budget = target.getSharedMemory();
  bool weights = true;
  int64_t reduction = 0;
  for (;;) {
    reduction = chooseReduction(g.channelSegment(), g.taps, rows * columns,
                                oc, weights, bytes, budget);
    if (reduction > 0 || (!weights && rows == 1 && columns == tpx))
      break;
    if (weights)
      weights = false;
    else if (rows > 1)
      rows = (rows + 1) / 2;
    else
      columns = std::max(tpx, roundUp(columns / 2, tpx));
  }
  // Nothing fits (a kernel of thousands of taps): the verifier names it.
  reduction = std::max<int64_t>(reduction, 1);
  return GpuConfigAttr::get(
      op.getContext(), {1, oc, rows, columns}, {1, toc, 1, tpx}, reduction,
      {threads(rows), 1, 1},
      weights ? GpuStaging::ColumnsWeights : GpuStaging::Columns,
      kConvRegisters);
}

/// mmcv: one roi and up to 256 of its channels per workgroup, one thread
/// per channel for the scalar path, the tile's bins spread over the same
/// threads otherwise. dcn_psroi: one roi per workgroup (its output channels
/// cannot be tiled), its bins spread over up to 128 threads.
GpuConfigAttr mlir::deform::chooseGpuConfig(RoiPoolOp op, GpuTargetAttr target) {
  auto out = cast<ShapedType>(op.getInits()[0].getType());
  int64_t channels = out.getDimSize(1);
  int64_t maxThreads = std::min<int64_t>(256, target.getMaxThreads());
  MLIRContext *ctx = op.getContext();
  if (op.isPositionSensitive()) {
    // A dcn_psroi bin is a sample_per_part^2 loop in f64: at 256 threads
    // ptxas caps its registers for occupancy and spills.
    int64_t bins = channels * out.getDimSize(2) * out.getDimSize(3);
    return GpuConfigAttr::get(ctx, {1}, {1}, 0,
                              {std::min<int64_t>(std::min<int64_t>(maxThreads, 128),
                                                 roundUp(bins, 32)),
                               1, 1},
                              GpuStaging::None, 0);
  }
  int64_t tile = std::min(channels, maxThreads);
  return GpuConfigAttr::get(ctx, {1, tile}, {1, 1}, 0,
                            {std::min(maxThreads, roundUp(tile, 32)), 1, 1},
                            GpuStaging::None, 0);
}

namespace {
struct ConfigureGpuPass
    : public mlir::deform::impl::DeformConfigureGpuBase<ConfigureGpuPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<GpuTargetAttr>(kGpuTargetAttr);
    WalkResult result = module.walk([&](Operation *op) {
      auto conv = dyn_cast<Conv2dOp>(op);
      auto roi = dyn_cast<RoiPoolOp>(op);
      if ((!conv && !roi) || (conv ? bool(conv.getConfigAttr())
                                   : bool(roi.getConfigAttr())))
        return WalkResult::advance();
      if (!target) {
        op->emitOpError() << "cannot be configured: the module has no '"
                          << kGpuTargetAttr
                          << "' #deform.gpu_target (run deform-gpu-target)";
        return WalkResult::interrupt();
      }
      if (conv) {
        ConvGeometry g = conv.getGeometry();
        if (failed(requireStatic(op, "input", conv.getInput(), {g.channelDim()},
                                 "input channels")) ||
            failed(requireStatic(op, "weight", conv.getWeight(), {0, 1, 2, 3},
                                 "weight sizes")))
          return WalkResult::interrupt();
        conv.setConfigAttr(chooseGpuConfig(conv, target));
      } else {
        if (failed(requireStatic(op, "output", roi.getInits()[0], {1, 2, 3},
                                 "output channels and pooled sizes")))
          return WalkResult::interrupt();
        roi.setConfigAttr(chooseGpuConfig(roi, target));
      }
      // The heuristic's choices must pass the verifier like any other.
      if (failed(mlir::verify(op)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
