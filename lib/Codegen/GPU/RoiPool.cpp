//===- RoiPool.cpp - deform.roi_pool tiles by a GPU workgroup -------------===//
//
// Every output of the tile, (roi, channel, bin), is one thread's at a time
// (consecutive threads take consecutive bins of one channel, as
// torchvision's roi_align kernel does, so neighbouring threads read
// neighbouring pixels and write consecutive outputs). Each thread forms its
// roi's geometry and its bin's samples in f64 with the shared helpers of
// lib/Codegen/Common, exactly as the scalar implementation does.
//
//===----------------------------------------------------------------------===//
#include "LowerGpu.h"

#include "deform/Codegen/Common/RoiPooling.h"

using namespace mlir;
using namespace mlir::deform;

LogicalResult mlir::deform::lowerRoiPoolOnGpu(ImplicitLocOpBuilder &b,
                                              RoiPoolOp op,
                                              gpu::LaunchOp launch) {
  Ops o(b);
  FloatType f64 = b.getF64Type();
  Value out = op.getInits()[0];
  auto dim = [&](Value v, int64_t d) {
    return o.value(memref::getMixedSize(b, b.getLoc(), v, d));
  };
  Value rois = dim(out, 0), channels = dim(out, 1);
  RoiPooling p = RoiPooling::of(o, op);
  Value bins = o.scalarIdx(p.pooledH * p.pooledW);
  Value total = o.mul(o.mul(rois, channels), bins);
  WorkgroupThreads threads = WorkgroupThreads::of(o, launch);
  threads.strided(o, total, [&](Value e) {
    Value bin = o.rem(e, bins), rest = o.div(e, bins);
    Value c = o.rem(rest, channels), r = o.div(rest, channels);
    Value ph = o.div(bin, p.pooledW), pw = o.rem(bin, p.pooledW);
    auto read = [&](Value bi, Value ch, Value row, Value col) {
      return o.load(op.getInput(), {bi, ch, row, col}, f64);
    };
    if (op.isPositionSensitive()) {
      RoiPooling::PsroiRoi g = p.psroiRoi(o, r, c);
      auto [v, n] = p.psroiBin(o, g, r, c, ph, pw, read);
      o.store(v, out, {r, c, ph, pw});
      if (op.getInits().size() == 2)
        o.store(n, op.getInits()[1], {r, c, ph, pw});
      return;
    }
    auto [bIdx, validBatch] = p.batchOf(o, r);
    RoiPooling::MmcvRoi g = p.mmcvRoi(o, r);
    Value v = p.mmcvBin(
        o, g, r, ph, pw, validBatch, o.f(f64, 0),
        [&](const SampleTaps &taps, Value acc) {
          return applySampleTaps(
              o, taps,
              [&](Value row, Value col, Value in) {
                return o.select(in, read(bIdx, c, row, col), o.f(f64, 0));
              },
              acc);
        });
    o.store(v, out, {r, c, ph, pw});
  });
  return success();
}
