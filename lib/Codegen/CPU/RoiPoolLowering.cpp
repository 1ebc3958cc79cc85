//===- RoiPoolLowering.cpp - deform.roi_pool on CPU vectors ---------------===//
//
// mmcv: every channel of a roi samples the same points, so each bin's sample
// points and their bilinear corners are computed once (scalars) and read for
// `vector` channels at a time with masked gathers; the bins are written with
// masked scatters. dcn_psroi reads one channel per bin: scalar code.
//
//===----------------------------------------------------------------------===//
#include "LowerCpu.h"

#include "deform/Codegen/Common/RoiPooling.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// mmcv, roi r, channels [0, channels): `lanes` channels at a time.
void mmcvRoi(ImplicitLocOpBuilder &b, RoiPoolOp op, Value r, Value channels,
             int64_t lanes) {
  Ops o(b), v(b, lanes);
  FloatType f64 = b.getF64Type();
  RoiPooling p = RoiPooling::of(o, op);
  // Plain values: the lambdas below capture them.
  std::pair<Value, Value> batch = p.batchOf(o, r);
  Value bIdx = batch.first, validBatch = batch.second;
  RoiPooling::MmcvRoi g = p.mmcvRoi(o, r);
  FlatView image = makeFlatView(b, op.getInput());
  FlatView output = makeFlatView(b, op.getInits()[0]);
  SmallVector<APInt> ids;
  for (int64_t l = 0; l < lanes; ++l)
    ids.push_back(APInt(64, l));
  Value laneIds = arith::ConstantOp::create(
      b, DenseIntElementsAttr::get(VectorType::get({lanes}, b.getIndexType()),
                                   ids));
  o.loop(o.scalarIdx(0), channels, lanes, [&](Value c0) {
    Value channel = v.add(c0, laneIds);
    Value laneMask = v.icmp(arith::CmpIPredicate::ult, channel, channels);
    // Image offset of each lane's channel plane.
    Value planes = image.linear(v, {bIdx, channel});
    o.loop(p.pooledH, [&](Value ph) {
      o.loop(p.pooledW, [&](Value pw) {
        Value value = p.mmcvBin(
            o, g, r, ph, pw, validBatch, v.f(f64, 0),
            [&](const SampleTaps &taps, Value acc) {
              return applySampleTaps(
                  v, taps,
                  [&](Value row, Value col, Value in) {
                    Value index = v.add(planes, image.linear(o, {o.scalarIdx(0),
                                                                 o.scalarIdx(0),
                                                                 row, col}));
                    return gather(v, image, index, f64, v.both(laneMask, in));
                  },
                  acc);
            });
        Value index = output.linear(v, {r, channel, ph, pw});
        scatter(v, output, index, value, laneMask);
      });
    });
  });
}

/// Loops over `bounds`, in parallel when asked, around body(ivs).
void forEach(ImplicitLocOpBuilder &b, ArrayRef<Value> bounds, bool parallel,
             function_ref<void(ValueRange)> body) {
  Ops o(b);
  if (parallel) {
    SmallVector<Value> zeros(bounds.size(), o.scalarIdx(0)),
        ones(bounds.size(), o.scalarIdx(1));
    auto loop = scf::ParallelOp::create(b, zeros, bounds, ones);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVars());
    return;
  }
  std::function<void(size_t, SmallVector<Value>)> nest =
      [&](size_t d, SmallVector<Value> ivs) {
        if (d == bounds.size())
          return body(ivs);
        o.loop(bounds[d], [&](Value iv) {
          SmallVector<Value> next = ivs;
          next.push_back(iv);
          nest(d + 1, next);
        });
      };
  nest(0, {});
}
} // namespace

LogicalResult mlir::deform::lowerRoiPool(ImplicitLocOpBuilder &b, RoiPoolOp op,
                                         CpuConfigAttr config, bool parallel) {
  Ops o(b);
  Value out = op.getInits()[0];
  Value rois = o.value(memref::getMixedSize(b, b.getLoc(), out, 0));
  Value channels = o.value(memref::getMixedSize(b, b.getLoc(), out, 1));
  if (!op.isPositionSensitive()) {
    forEach(b, {rois}, parallel, [&](ValueRange ivs) {
      mmcvRoi(b, op, ivs[0], channels, config.getVector());
    });
    return success();
  }
  RoiPooling p = RoiPooling::of(o, op);
  forEach(b, {rois, channels}, parallel, [&](ValueRange ivs) {
    Ops inner(b);
    p.psroiPoint(inner, ivs[0], ivs[1],
                 [&](Value bi, Value c, Value row, Value col) {
                   return inner.load(op.getInput(), {bi, c, row, col},
                                     b.getF64Type());
                 });
  });
  return success();
}
