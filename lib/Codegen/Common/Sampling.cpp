//===- Sampling.cpp - bilinear sampling math as MLIR ops ------------------===//
#include "deform/Codegen/Common/Sampling.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Offsets are clipped to +-2^25 before they are split: every padded image
/// side is below 2^24 (the verifier and deform-shape-checks), so a clipped
/// coordinate lies as far outside (or, for tf_clamp, clips to the same edge)
/// as the original, and integer parts stay far from i32 overflow.
constexpr double kSplitLimit = 33554432.0;

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

/// Corners (r0, r0 + 1) x (c0, c0 + 1) whose second row/column replicates
/// the last one (MXNet DCN v1 and RoIAlign); every corner is in the image,
/// the whole sample gated by `valid`. r0, c0 in [0, H-1] x [0, W-1].
void replicateCorners(Ops &o, SampleTaps &t, Value r0, Value lh, Value c0,
                      Value lw, Value valid, Value H, Value W) {
  Value r1 = o.min(o.add(r0, 1), o.sub(H, o.idxLike(H, 1)));
  Value c1 = o.min(o.add(c0, 1), o.sub(W, o.idxLike(W, 1)));
  Value yes = o.yes();
  Value cornerValid[4] = {yes, yes, yes, yes};
  fillCorners(o, t, r0, r1, c0, c1, lh, lw, valid, cornerValid);
}

/// Corners (r0|r1, c0|c1) inside the image.
SmallVector<Value, 4> cornersInside(Ops &o, Value r0, Value r1, Value c0,
                                    Value c1, Value H, Value W) {
  Value rIn[2] = {o.inRange(r0, H), o.inRange(r1, H)};
  Value cIn[2] = {o.inRange(c0, W), o.inRange(c1, W)};
  return {o.both(rIn[0], cIn[0]), o.both(rIn[0], cIn[1]),
          o.both(rIn[1], cIn[0]), o.both(rIn[1], cIn[1])};
}

/// The coordinate, or (0, 0) where `keep` is false (keeps every later
/// integer in range; such samples are masked).
SplitCoordinate orZero(Ops &o, const SplitCoordinate &c, Value keep) {
  Value whole = o.select(keep, c.whole, o.idxLike(c.whole, 0));
  auto ft = cast<FloatType>(getElementTypeOrSelf(c.fraction.getType()));
  return {whole, o.select(keep, c.fraction, o.f(ft, 0)), c.ordered};
}

/// Coordinate c = whole + fraction (fraction in [0, 1]) is > -1 and < size.
Value openInside(Ops &o, const SplitCoordinate &c, Value size) {
  auto ft = cast<FloatType>(getElementTypeOrSelf(c.fraction.getType()));
  Value minusOne = o.idxLike(c.whole, -1);
  Value aboveMinusOne = o.either(
      o.icmp(arith::CmpIPredicate::sge, c.whole, o.idxLike(c.whole, 0)),
      o.both(o.icmp(arith::CmpIPredicate::eq, c.whole, minusOne),
             o.gt(c.fraction, o.f(ft, 0))));
  return o.both(o.both(c.ordered, aboveMinusOne),
                o.icmp(arith::CmpIPredicate::slt, c.whole, size));
}

SampleTaps buildTaps(Ops &o, Boundary rule, SplitCoordinate h,
                     SplitCoordinate w, const SamplePlane &p) {
  auto ft = cast<FloatType>(getElementTypeOrSelf(h.fraction.getType()));
  SampleTaps t;
  Value H = o.intLike(p.height, h.whole), W = o.intLike(p.width, w.whole);
  Value Hm1 = o.sub(H, o.idxLike(H, 1)), Wm1 = o.sub(W, o.idxLike(W, 1));
  Value izero = o.idxLike(H, 0);
  switch (rule) {
  case Boundary::Zero: {
    // Inside (-1, H) x (-1, W).
    Value valid = o.both(openInside(o, h, H), openInside(o, w, W));
    h = orZero(o, h, valid);
    w = orZero(o, w, valid);
    Value r0 = h.whole, c0 = w.whole; // in [-1, H-1]
    Value r1 = o.add(r0, 1), c1 = o.add(c0, 1);
    SmallVector<Value, 4> inside = cornersInside(o, r0, r1, c0, c1, H, W);
    fillCorners(o, t, o.clamp(r0, izero, Hm1), o.clamp(r1, izero, Hm1),
                o.clamp(c0, izero, Wm1), o.clamp(c1, izero, Wm1), h.fraction,
                w.fraction, valid, inside);
    return t;
  }
  case Boundary::DCNv1: {
    // Inside [0, H) x [0, W); corners past the last row/column replicate it.
    auto inside = [&](const SplitCoordinate &c, Value size) {
      return o.both(c.ordered, o.inRange(c.whole, size));
    };
    Value valid = o.both(inside(h, H), inside(w, W));
    h = orZero(o, h, valid);
    w = orZero(o, w, valid);
    replicateCorners(o, t, h.whole, h.fraction, w.whole, w.fraction, valid, H,
                     W);
    return t;
  }
  case Boundary::TFClamp: {
    // Clip in padded coordinates to [0, Hp-1] x [0, Wp-1]; padded pixels are
    // zero. Weights come from the clipped corners, so at the last padded
    // row/column every weight is 0.
    Value valid = o.both(h.ordered, w.ordered);
    auto clip = [&](const SplitCoordinate &c, int64_t pad, Value last)
        -> std::pair<Value, Value> {
      Value x = o.add(c.whole, pad);
      Value low = o.icmp(arith::CmpIPredicate::slt, x, izero);
      Value high = o.icmp(arith::CmpIPredicate::sge, x, last);
      Value whole = o.select(low, izero, o.select(high, last, x));
      Value fraction = o.select(o.either(low, high), o.f(ft, 0), c.fraction);
      return {whole, fraction};
    };
    Value Hp1 = o.add(H, p.padTop + p.padBottom - 1);
    Value Wp1 = o.add(W, p.padLeft + p.padRight - 1);
    auto [h0, lh] = clip(h, p.padTop, Hp1);
    auto [w0, lw] = clip(w, p.padLeft, Wp1);
    Value h1 = o.min(o.add(h0, 1), Hp1), w1 = o.min(o.add(w0, 1), Wp1);
    // (h1 - hc) and (hc - h0), exactly as in padded coordinates.
    Value hh = o.fsub(o.toFloat(o.sub(h1, h0), ft), lh);
    Value hw = o.fsub(o.toFloat(o.sub(w1, w0), ft), lw);
    // Padded index -> image index; padded rows/columns read 0.
    Value r0 = o.add(h0, -p.padTop), r1 = o.add(h1, -p.padTop);
    Value c0 = o.add(w0, -p.padLeft), c1 = o.add(w1, -p.padLeft);
    SmallVector<Value, 4> inside = cornersInside(o, r0, r1, c0, c1, H, W);
    Value rows[4] = {r0, r0, r1, r1}, cols[4] = {c0, c1, c0, c1};
    Value weights[4] = {o.fmul(hh, hw), o.fmul(hh, lw), o.fmul(lh, hw),
                        o.fmul(lh, lw)};
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

SplitCoordinate mlir::deform::splitCoordinate(Ops &caller, Value base,
                                              Value offset) {
  Ops o = shapedLike(caller, offset);
  auto ft = cast<FloatType>(getElementTypeOrSelf(offset.getType()));
  Value ordered = o.ordered(offset);
  // Past the limit every rule gives the same sample as at the limit; within
  // it floor() is exact and converts without overflow. NaN -> 0 (masked).
  Value limit = o.f(ft, kSplitLimit), lowest = o.f(ft, -kSplitLimit);
  Value d = o.select(o.lt(offset, limit), offset, limit);
  d = o.select(o.gt(d, lowest), d, lowest);
  d = o.select(ordered, d, o.f(ft, 0));
  Value floor = o.floor(d);
  Value whole = o.add(o.lanesOf(base), o.toIntLike(floor, base));
  return {whole, o.fsub(d, floor), ordered};
}

SampleTaps mlir::deform::buildSampleTaps(Ops &caller, Boundary rule,
                                         SplitCoordinate h, SplitCoordinate w,
                                         const SamplePlane &p,
                                         FloatType weightType) {
  Ops o = shapedLike(caller, h.fraction);
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
  Value ys = clamp(y, H), xs = clamp(x, W);
  Value y0 = o.floor(ys), x0 = o.floor(xs);
  replicateCorners(o, t, o.toIndex(y0), o.fsub(ys, y0), o.toIndex(x0),
                   o.fsub(xs, x0), valid, H, W);
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
