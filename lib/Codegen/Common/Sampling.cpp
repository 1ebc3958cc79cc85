//===- Sampling.cpp - bilinear sampling math as MLIR ops ------------------===//
#include "deform/Codegen/Common/Sampling.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Fills the four corners from (r0, r1) x (c0, c1) with weights
/// (1-lh)(1-lw), (1-lh)lw, lh(1-lw), lh*lw, gated by `valid`.
void fillCorners(Ops &o, SampleTaps &t, Value r0, Value r1, Value c0, Value c1,
                 Value lh, Value lw, Value valid, ArrayRef<Value> cornerValid) {
  auto ft = cast<FloatType>(getElementTypeOrSelf(lh.getType()));
  Value hh = o.fsub(o.f(ft, 1), lh), hw = o.fsub(o.f(ft, 1), lw);
  Value rows[4] = {r0, r0, r1, r1}, cols[4] = {c0, c1, c0, c1};
  Value weights[4] = {o.fmul(hh, hw), o.fmul(hh, lw), o.fmul(lh, hw),
                      o.fmul(lh, lw)};
  for (int i = 0; i < 4; ++i) {
    t.row[i] = rows[i];
    t.col[i] = cols[i];
    t.inImage[i] = o.both(valid, cornerValid[i]);
    t.weight[i] = weights[i];
  }
}

/// Corners of an in-range (hs, ws): floor, and a second row/column that
/// replicates the last one (MXNet DCN v1 and RoIAlign); every corner is in
/// the image, the whole sample gated by `valid`.
void replicateCorners(Ops &o, SampleTaps &t, Value hs, Value ws, Value valid,
                      Value H, Value W) {
  Value h0f = o.floor(hs), w0f = o.floor(ws);
  Value r0 = o.toIndex(h0f), c0 = o.toIndex(w0f); // in [0, H-1]
  Value r1 = o.min(o.add(r0, 1), o.sub(H, o.scalarIdx(1)));
  Value c1 = o.min(o.add(c0, 1), o.sub(W, o.scalarIdx(1)));
  Value yes = o.yes();
  Value cornerValid[4] = {yes, yes, yes, yes};
  fillCorners(o, t, r0, r1, c0, c1, o.fsub(hs, h0f), o.fsub(ws, w0f), valid,
              cornerValid);
}

/// Corners (r0|r1, c0|c1) inside the image.
SmallVector<Value, 4> cornersInside(Ops &o, Value r0, Value r1, Value c0,
                                    Value c1, Value H, Value W) {
  Value rIn[2] = {o.inRange(r0, H), o.inRange(r1, H)};
  Value cIn[2] = {o.inRange(c0, W), o.inRange(c1, W)};
  return {o.both(rIn[0], cIn[0]), o.both(rIn[0], cIn[1]),
          o.both(rIn[1], cIn[0]), o.both(rIn[1], cIn[1])};
}

SampleTaps buildTaps(Ops &o, Boundary rule, Value h, Value w,
                     const SamplePlane &p) {
  auto ft = cast<FloatType>(getElementTypeOrSelf(h.getType()));
  SampleTaps t;
  Value H = p.height, W = p.width;
  Value Hf = o.toFloat(H, ft), Wf = o.toFloat(W, ft);
  Value zero = o.f(ft, 0);
  Value Hm1 = o.sub(H, o.scalarIdx(1)), Wm1 = o.sub(W, o.scalarIdx(1));
  Value izero = o.scalarIdx(0);
  switch (rule) {
  case Boundary::Zero: {
    // Inside (-1, H) x (-1, W); ordered compares reject NaN.
    Value valid = o.both(o.both(o.gt(h, o.f(ft, -1)), o.lt(h, Hf)),
                         o.both(o.gt(w, o.f(ft, -1)), o.lt(w, Wf)));
    Value hs = o.select(valid, h, zero), ws = o.select(valid, w, zero);
    Value h0f = o.floor(hs), w0f = o.floor(ws);
    Value r0 = o.toIndex(h0f), c0 = o.toIndex(w0f); // in [-1, H-1]
    Value r1 = o.add(r0, 1), c1 = o.add(c0, 1);
    SmallVector<Value, 4> inside = cornersInside(o, r0, r1, c0, c1, H, W);
    fillCorners(o, t, o.clamp(r0, izero, Hm1), o.clamp(r1, izero, Hm1),
                o.clamp(c0, izero, Wm1), o.clamp(c1, izero, Wm1),
                o.fsub(hs, h0f), o.fsub(ws, w0f), valid, inside);
    return t;
  }
  case Boundary::DCNv1: {
    // Inside [0, H) x [0, W); corners past the last row/column replicate it.
    Value valid = o.both(o.both(o.ge(h, zero), o.lt(h, Hf)),
                         o.both(o.ge(w, zero), o.lt(w, Wf)));
    replicateCorners(o, t, o.select(valid, h, zero), o.select(valid, w, zero),
                     valid, H, W);
    return t;
  }
  case Boundary::TFClamp: {
    // Clip in padded coordinates to [0, Hp-1] x [0, Wp-1]; padded pixels are
    // zero. Weights come from the clipped corners, so at the last padded
    // row/column every weight is 0.
    Value Hp1 = o.toFloat(o.add(H, p.padTop + p.padBottom - 1), ft);
    Value Wp1 = o.toFloat(o.add(W, p.padLeft + p.padRight - 1), ft);
    Value valid = o.both(o.ordered(h), o.ordered(w));
    auto clip = [&](Value v, int64_t pad, Value last) {
      Value x = o.fadd(v, o.f(ft, pad));
      x = o.select(o.gt(x, zero), x, zero); // NaN -> 0 (masked by valid)
      return o.select(o.lt(x, last), x, last);
    };
    Value hc = clip(h, p.padTop, Hp1), wc = clip(w, p.padLeft, Wp1);
    Value h0f = o.floor(hc), w0f = o.floor(wc);
    auto next = [&](Value v0, Value last) { // min(v0 + 1, last)
      Value v1 = o.fadd(v0, o.f(ft, 1));
      return o.select(o.lt(v1, last), v1, o.lanesOf(last));
    };
    Value h1f = next(h0f, Hp1), w1f = next(w0f, Wp1);
    // Padded index -> image index; padded rows/columns read 0.
    Value r0 = o.add(o.toIndex(h0f), -p.padTop);
    Value r1 = o.add(o.toIndex(h1f), -p.padTop);
    Value c0 = o.add(o.toIndex(w0f), -p.padLeft);
    Value c1 = o.add(o.toIndex(w1f), -p.padLeft);
    SmallVector<Value, 4> inside = cornersInside(o, r0, r1, c0, c1, H, W);
    Value rows[4] = {r0, r0, r1, r1}, cols[4] = {c0, c1, c0, c1};
    Value weights[4] = {o.fmul(o.fsub(h1f, hc), o.fsub(w1f, wc)),
                        o.fmul(o.fsub(h1f, hc), o.fsub(wc, w0f)),
                        o.fmul(o.fsub(hc, h0f), o.fsub(w1f, wc)),
                        o.fmul(o.fsub(hc, h0f), o.fsub(wc, w0f))};
    for (int i = 0; i < 4; ++i) {
      t.row[i] = o.clamp(rows[i], izero, Hm1);
      t.col[i] = o.clamp(cols[i], izero, Wm1);
      t.inImage[i] = o.both(valid, inside[i]);
      t.weight[i] = weights[i];
    }
    return t;
  }
  }
  llvm_unreachable("unknown boundary rule");
}
/// Ops shaped like the coordinate `v` (scalar or vector), whatever the
/// caller's lanes: scalar coordinates give scalar corners.
Ops shapedLike(Ops &o, Value v) {
  auto vec = dyn_cast<VectorType>(v.getType());
  return Ops(o.b, vec ? vec.getNumElements() : 0);
}
} // namespace

FloatType mlir::deform::getComputeType(Type elementType) {
  auto ft = cast<FloatType>(elementType);
  return ft.getWidth() <= 32 ? Float32Type::get(ft.getContext()) : ft;
}

SampleTaps mlir::deform::buildSampleTaps(Ops &caller, Boundary rule, Value h,
                                         Value w, const SamplePlane &p,
                                         FloatType weightType) {
  Ops o = shapedLike(caller, h);
  SampleTaps t = buildTaps(o, rule, h, w, p);
  for (Value &weight : t.weight)
    weight = o.castTo(weight, weightType);
  return t;
}

SampleTaps mlir::deform::buildRoiAlignTaps(Ops &caller, Value y, Value x,
                                           Value H, Value W) {
  Ops o = shapedLike(caller, y);
  auto ft = cast<FloatType>(getElementTypeOrSelf(y.getType()));
  SampleTaps t;
  Value zero = o.f(ft, 0);
  Value Hf = o.toFloat(H, ft), Wf = o.toFloat(W, ft);
  Value valid = o.both(o.both(o.ge(y, o.f(ft, -1)), o.le(y, Hf)),
                       o.both(o.ge(x, o.f(ft, -1)), o.le(x, Wf)));
  // Clamp to [0, H-1]: at or past the last row only that row is read.
  auto clamp = [&](Value v, Value size) {
    Value last = o.toFloat(o.sub(size, o.scalarIdx(1)), ft);
    Value c = o.select(o.gt(v, zero), v, zero); // NaN -> 0 (masked)
    return o.select(o.lt(c, last), c, o.lanesOf(last));
  };
  replicateCorners(o, t, clamp(y, H), clamp(x, W), valid, H, W);
  return t;
}

Value mlir::deform::applySampleTaps(
    Ops &o, const SampleTaps &taps,
    function_ref<Value(Value, Value, Value)> load, Value init) {
  Value sum = init;
  for (int i = 0; i < 4; ++i) {
    Value v = load(taps.row[i], taps.col[i], taps.inImage[i]);
    sum = sum ? o.fma(v, taps.weight[i], sum) : o.fmul(v, taps.weight[i]);
  }
  return sum;
}
