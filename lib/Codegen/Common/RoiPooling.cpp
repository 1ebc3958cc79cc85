//===- RoiPooling.cpp - deformable RoI pooling bins, lane-generic ---------===//
#include "deform/Codegen/Common/RoiPooling.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
FloatType f64(Ops &o) { return o.b.getF64Type(); }
} // namespace

RoiPooling RoiPooling::of(Ops &o, RoiPoolOp op) {
  auto dim = [&](Value v, int64_t d) {
    return o.value(memref::getMixedSize(o.b, o.b.getLoc(), v, d));
  };
  auto out = cast<ShapedType>(op.getInits()[0].getType());
  return RoiPooling{op, dim(op.getInput(), 0), dim(op.getInput(), 2),
                    dim(op.getInput(), 3), out.getDimSize(2),
                    out.getDimSize(3)};
}

Value RoiPooling::roi(Ops &o, Value r, int64_t column) const {
  return o.load(op.getRois(), {r, o.scalarIdx(column)}, f64(o));
}

std::pair<Value, Value> RoiPooling::batchOf(Ops &o, Value r) const {
  Value index = roi(o, r, 0);
  Value valid = o.both(o.gt(index, o.f(f64(o), -1)),
                       o.lt(index, o.toFloat(batches, f64(o))));
  return {o.toIndex(o.select(valid, index, o.f(f64(o), 0))), valid};
}

/// Sampling grid along one axis: sampling_ratio, or ceil(size / pooled)
/// clamped to [0, kMaxAdaptiveSamples] with NaN -> 0, as an index.
static Value gridCount(Ops &o, RoiPoolOp op, Value size, int64_t pooled) {
  int64_t ratio = op.getSamplingRatioOrDefault();
  if (ratio > 0)
    return o.scalarIdx(ratio);
  FloatType t = o.b.getF64Type();
  Value g = math::CeilOp::create(o.b, o.fdiv(size, o.f(t, pooled)));
  Value cap = o.f(t, kMaxAdaptiveSamples);
  Value capped = o.select(o.lt(g, cap), g, cap);
  return o.toIndex(o.select(o.ge(g, o.f(t, 1)), capped, o.f(t, 0)));
}

RoiPooling::MmcvRoi RoiPooling::mmcvRoi(Ops &o, Value r) const {
  FloatType t = f64(o);
  MmcvRoi g;
  Value scale = o.f(t, op.getSpatialScale().convertToDouble());
  Value half = o.f(t, 0.5);
  g.startW = o.fsub(o.fmul(roi(o, r, 1), scale), half);
  g.startH = o.fsub(o.fmul(roi(o, r, 2), scale), half);
  g.roiW = o.fsub(o.fsub(o.fmul(roi(o, r, 3), scale), half), g.startW);
  g.roiH = o.fsub(o.fsub(o.fmul(roi(o, r, 4), scale), half), g.startH);
  g.binW = o.fdiv(g.roiW, o.f(t, pooledW));
  g.binH = o.fdiv(g.roiH, o.f(t, pooledH));
  g.gridH = gridCount(o, op, g.roiH, pooledH);
  g.gridW = gridCount(o, op, g.roiW, pooledW);
  g.count = o.toFloat(o.max(o.mul(g.gridH, g.gridW), o.scalarIdx(1)), t);
  g.stepH = o.fdiv(g.binH, o.toFloat(g.gridH, t));
  g.stepW = o.fdiv(g.binW, o.toFloat(g.gridW, t));
  return g;
}

std::pair<Value, Value> RoiPooling::mmcvBinOrigin(Ops &o, const MmcvRoi &g,
                                                  Value r, Value ph,
                                                  Value pw) const {
  FloatType t = f64(o);
  Value sw = g.startW, sh = g.startH;
  if (Value off = op.getOffset()) {
    Value gamma = o.f(t, op.getGammaOrDefault());
    sw = o.fadd(sw, o.fmul(o.fmul(gamma, g.roiW),
                           o.load(off, {r, o.scalarIdx(0), ph, pw}, t)));
    sh = o.fadd(sh, o.fmul(o.fmul(gamma, g.roiH),
                           o.load(off, {r, o.scalarIdx(1), ph, pw}, t)));
  }
  return {o.fadd(sh, o.fmul(o.toFloat(ph, t), g.binH)),
          o.fadd(sw, o.fmul(o.toFloat(pw, t), g.binW))};
}

Value RoiPooling::mmcvBin(
    Ops &o, const MmcvRoi &g, Value r, Value ph, Value pw, Value validBatch,
    Value zero, function_ref<Value(const SampleTaps &, Value)> sample) const {
  FloatType t = f64(o);
  // Plain values: lambdas below capture them (no structured bindings).
  std::pair<Value, Value> origin = mmcvBinOrigin(o, g, r, ph, pw);
  Value y0 = origin.first, x0 = origin.second;
  Value one = o.scalarIdx(1), start = o.scalarIdx(0);
  Value half = o.f(t, 0.5);
  Value sum = o.loopCarried(
      start, g.gridH, one, {zero},
      [&](Value iy, ValueRange acc) -> SmallVector<Value> {
        Value y = o.fadd(y0, o.fmul(o.fadd(o.toFloat(iy, t), half), g.stepH));
        return {o.loopCarried(
            start, g.gridW, one, acc,
            [&](Value ix, ValueRange acc2) -> SmallVector<Value> {
              Value x =
                  o.fadd(x0, o.fmul(o.fadd(o.toFloat(ix, t), half), g.stepW));
              SampleTaps taps = buildRoiAlignTaps(o, y, x, height, width);
              return {sample(taps, acc2[0])};
            })[0]};
      })[0];
  Value v = o.fdiv(sum, g.count);
  if (Value m = op.getMask())
    v = o.fmul(v, o.load(m, {r, o.scalarIdx(0), ph, pw}, t));
  return o.select(validBatch, v, zero);
}

RoiPooling::PsroiRoi RoiPooling::psroiRoi(Ops &o, Value r, Value ctop) const {
  FloatType t = f64(o);
  PsroiRoi g;
  std::tie(g.batch, g.validBatch) = batchOf(o, r);
  double scale = op.getSpatialScale().convertToDouble();
  int64_t perPart = *op.getSamplePerPart();
  auto f = [&](double v) { return o.f(t, v); };
  auto rnd = [&](Value v) { return math::RoundOp::create(o.b, v); };
  g.startW = o.fsub(o.fmul(rnd(roi(o, r, 1)), f(scale)), f(0.5));
  g.startH = o.fsub(o.fmul(rnd(roi(o, r, 2)), f(scale)), f(0.5));
  Value ew = o.fsub(o.fmul(o.fadd(rnd(roi(o, r, 3)), f(1)), f(scale)), f(0.5));
  Value eh = o.fsub(o.fmul(o.fadd(rnd(roi(o, r, 4)), f(1)), f(scale)), f(0.5));
  // max(d, 0.1) that keeps NaN (the reference's rule).
  auto atLeastTenth = [&](Value d) {
    return o.select(o.lt(d, f(0.1)), f(0.1), d);
  };
  g.roiW = atLeastTenth(o.fsub(ew, g.startW));
  g.roiH = atLeastTenth(o.fsub(eh, g.startH));
  g.binW = o.fdiv(g.roiW, f(pooledW));
  g.binH = o.fdiv(g.roiH, f(pooledH));
  g.subW = o.fdiv(g.binW, f(perPart));
  g.subH = o.fdiv(g.binH, f(perPart));
  Value trans = op.getOffset();
  int64_t outChannels =
      cast<ShapedType>(op.getInits()[0].getType()).getDimSize(1);
  int64_t classes =
      trans ? cast<ShapedType>(trans.getType()).getDimSize(1) / 2 : 1;
  g.classId = o.div(ctop, outChannels / classes);
  return g;
}

std::pair<Value, Value> RoiPooling::psroiBin(
    Ops &o, const PsroiRoi &g, Value r, Value ctop, Value ph, Value pw,
    function_ref<Value(Value, Value, Value, Value)> read) const {
  FloatType t = f64(o);
  int64_t groupSize = *op.getGroupSize(), partSize = *op.getPartSize();
  int64_t perPart = *op.getSamplePerPart();
  double transStd = op.getTransStdOrDefault();
  auto f = [&](double v) { return o.f(t, v); };
  Value trans = op.getOffset();
  // part = min(floor(p / pooled * part_size), part_size - 1), in double as
  // the reference computes it.
  auto part = [&](Value p, int64_t pooled) {
    Value v = o.fmul(o.fdiv(o.toFloat(p, t), f(pooled)), f(partSize));
    return o.min(o.toIndex(o.floor(v)), o.scalarIdx(partSize - 1));
  };
  Value Hf = o.toFloat(height, t), Wf = o.toFloat(width, t);
  Value tx = f(0), ty = f(0);
  if (trans) {
    Value partH = part(ph, pooledH), partW = part(pw, pooledW);
    Value ch = o.mul(g.classId, 2);
    tx = o.fmul(o.load(trans, {r, ch, partH, partW}, t), f(transStd));
    ty = o.fmul(o.load(trans, {r, o.add(ch, 1), partH, partW}, t),
                f(transStd));
  }
  Value wstart = o.fadd(o.fadd(o.fmul(o.toFloat(pw, t), g.binW), g.startW),
                        o.fmul(tx, g.roiW));
  Value hstart = o.fadd(o.fadd(o.fmul(o.toFloat(ph, t), g.binH), g.startH),
                        o.fmul(ty, g.roiH));
  // Integer floor(p * group_size / pooled), in [0, group_size - 1].
  Value gw = o.min(o.div(o.mul(pw, groupSize), pooledW),
                   o.scalarIdx(groupSize - 1));
  Value gh = o.min(o.div(o.mul(ph, groupSize), pooledH),
                   o.scalarIdx(groupSize - 1));
  Value channel =
      o.add(o.mul(o.add(o.mul(ctop, groupSize), gh), groupSize), gw);
  Value n0 = o.scalarIdx(0), step = o.scalarIdx(1), end = o.scalarIdx(perPart);
  ValueRange totals = o.loopCarried(
      n0, end, step, {f(0), f(0)},
      [&](Value ih, ValueRange acc) -> SmallVector<Value> {
        Value h = o.fadd(hstart, o.fmul(o.toFloat(ih, t), g.subH));
        ValueRange inner = o.loopCarried(
            n0, end, step, acc,
            [&](Value iw, ValueRange acc2) -> SmallVector<Value> {
              Value w = o.fadd(wstart, o.fmul(o.toFloat(iw, t), g.subW));
              Value inside = o.both(
                  o.both(o.ge(w, f(-0.5)), o.le(w, o.fsub(Wf, f(0.5)))),
                  o.both(o.ge(h, f(-0.5)), o.le(h, o.fsub(Hf, f(0.5)))));
              SampleTaps taps = buildRoiAlignTaps(o, h, w, height, width);
              Value v = applySampleTaps(
                  o, taps, [&](Value row, Value col, Value in) {
                    return o.select(in, read(g.batch, channel, row, col), f(0));
                  });
              return {o.fadd(acc2[0], o.select(inside, v, f(0))),
                      o.fadd(acc2[1], o.select(inside, f(1), f(0)))};
            });
        return {inner[0], inner[1]};
      });
  Value sum = totals[0], n = totals[1];
  Value empty = o.either(o.fcmp(arith::CmpFPredicate::OEQ, n, f(0)),
                         o.negate(g.validBatch));
  Value v = o.select(empty, f(0), o.fdiv(sum, o.select(empty, f(1), n)));
  return {v, o.select(g.validBatch, n, f(0))};
}

void RoiPooling::psroiPoint(
    Ops &o, Value r, Value ctop,
    function_ref<Value(Value, Value, Value, Value)> read) const {
  PsroiRoi g = psroiRoi(o, r, ctop);
  o.loop(pooledH, [&](Value ph) {
    o.loop(pooledW, [&](Value pw) {
      auto [v, n] = psroiBin(o, g, r, ctop, ph, pw, read);
      o.store(v, op.getInits()[0], {r, ctop, ph, pw});
      if (op.getInits().size() == 2)
        o.store(n, op.getInits()[1], {r, ctop, ph, pw});
    });
  });
}
