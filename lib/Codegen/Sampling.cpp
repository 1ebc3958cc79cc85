//===- Sampling.cpp - bilinear sampling math as MLIR ops ------------------===//
#include "Sampling.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Small arithmetic vocabulary over one builder, to keep the formulas legible.
/// Works on scalars or, elementwise, on 1-D vectors of `lanes` elements.
struct Ops {
  ImplicitLocOpBuilder &b;
  FloatType ft;
  int64_t lanes = 0; // 0: scalars

  Ops(ImplicitLocOpBuilder &b, Type coordinateType) : b(b) {
    if (auto v = dyn_cast<VectorType>(coordinateType))
      lanes = v.getNumElements();
    ft = cast<FloatType>(getElementTypeOrSelf(coordinateType));
  }
  Type shaped(Type element) {
    return lanes ? Type(VectorType::get({lanes}, element)) : element;
  }
  Value constant(Type element, TypedAttr value) {
    if (!lanes)
      return arith::ConstantOp::create(b, value);
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(cast<ShapedType>(shaped(element)), value));
  }
  Value f(double v) { return constant(ft, b.getFloatAttr(ft, v)); }
  Value idx(int64_t v) { return constant(b.getIndexType(), b.getIndexAttr(v)); }
  Value yes() { return constant(b.getI1Type(), b.getBoolAttr(true)); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, x, y); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(arith::CmpFPredicate::OLT, x, y); }
  Value le(Value x, Value y) { return cmp(arith::CmpFPredicate::OLE, x, y); }
  Value gt(Value x, Value y) { return cmp(arith::CmpFPredicate::OGT, x, y); }
  Value ge(Value x, Value y) { return cmp(arith::CmpFPredicate::OGE, x, y); }
  Value ordered(Value x) { return cmp(arith::CmpFPredicate::ORD, x, x); }
  Value both(Value x, Value y) { return arith::AndIOp::create(b, x, y); }
  Value sel(Value c, Value x, Value y) { return arith::SelectOp::create(b, c, x, y); }
  Value floor(Value x) { return math::FloorOp::create(b, x); }
  /// Float known to hold a small integer -> index.
  Value toIndex(Value x) {
    Value i = arith::FPToSIOp::create(b, shaped(b.getI64Type()), x);
    return arith::IndexCastOp::create(b, shaped(b.getIndexType()), i);
  }
  Value icmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, p, x, y);
  }
  Value iadd(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value imin(Value x, Value y) { return arith::MinSIOp::create(b, x, y); }
  Value imax(Value x, Value y) { return arith::MaxSIOp::create(b, x, y); }
  Value clampIndex(Value x, int64_t hi) { return imin(imax(x, idx(0)), idx(hi)); }
  /// 0 <= x < size, on indices.
  Value inRange(Value x, int64_t size) {
    return both(icmp(arith::CmpIPredicate::sge, x, idx(0)),
                icmp(arith::CmpIPredicate::slt, x, idx(size)));
  }
};

/// Fills the four corners from (r0, r1) x (c0, c1) with weights
/// (1-lh)(1-lw), (1-lh)lw, lh(1-lw), lh*lw, gated by `valid`.
void fillCorners(Ops &o, SampleTaps &t, Value r0, Value r1, Value c0,
                 Value c1, Value lh, Value lw, Value valid,
                 ArrayRef<Value> cornerValid) {
  Value hh = o.sub(o.f(1), lh), hw = o.sub(o.f(1), lw);
  Value rows[4] = {r0, r0, r1, r1}, cols[4] = {c0, c1, c0, c1};
  Value weights[4] = {o.mul(hh, hw), o.mul(hh, lw), o.mul(lh, hw),
                      o.mul(lh, lw)};
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
                      int64_t H, int64_t W) {
  Value h0f = o.floor(hs), w0f = o.floor(ws);
  Value r0 = o.toIndex(h0f), c0 = o.toIndex(w0f); // in [0, H-1]
  Value r1 = o.imin(o.iadd(r0, o.idx(1)), o.idx(H - 1));
  Value c1 = o.imin(o.iadd(c0, o.idx(1)), o.idx(W - 1));
  Value yes = o.yes();
  Value cornerValid[4] = {yes, yes, yes, yes};
  fillCorners(o, t, r0, r1, c0, c1, o.sub(hs, h0f), o.sub(ws, w0f), valid,
              cornerValid);
}
} // namespace

FloatType mlir::deform::getComputeType(Type elementType) {
  auto ft = cast<FloatType>(elementType);
  MLIRContext *ctx = ft.getContext();
  return ft.getWidth() <= 32 ? Float32Type::get(ctx) : cast<FloatType>(ft);
}

static SampleTaps buildTaps(ImplicitLocOpBuilder &b, Boundary rule, Value h,
                            Value w, const SamplePlane &p);

SampleTaps mlir::deform::buildSampleTaps(ImplicitLocOpBuilder &b,
                                         Boundary rule, Value h, Value w,
                                         const SamplePlane &p,
                                         FloatType weightType) {
  SampleTaps t = buildTaps(b, rule, h, w, p);
  Ops o(b, h.getType());
  if (weightType != o.ft)
    for (Value &weight : t.weight)
      weight = arith::TruncFOp::create(b, o.shaped(weightType), weight);
  return t;
}

static SampleTaps buildTaps(ImplicitLocOpBuilder &b, Boundary rule, Value h,
                            Value w, const SamplePlane &p) {
  Ops o(b, h.getType());
  SampleTaps t;
  const int64_t H = p.height, W = p.width;
  switch (rule) {
  case Boundary::Zero: {
    // Inside (-1, H) x (-1, W); ordered compares reject NaN.
    Value valid = o.both(o.both(o.gt(h, o.f(-1)), o.lt(h, o.f(H))),
                         o.both(o.gt(w, o.f(-1)), o.lt(w, o.f(W))));
    Value hs = o.sel(valid, h, o.f(0)), ws = o.sel(valid, w, o.f(0));
    Value h0f = o.floor(hs), w0f = o.floor(ws);
    Value r0 = o.toIndex(h0f), c0 = o.toIndex(w0f); // in [-1, H-1]
    Value r1 = o.iadd(r0, o.idx(1)), c1 = o.iadd(c0, o.idx(1));
    Value rIn[2] = {o.inRange(r0, H), o.inRange(r1, H)};
    Value cIn[2] = {o.inRange(c0, W), o.inRange(c1, W)};
    Value cornerValid[4] = {o.both(rIn[0], cIn[0]), o.both(rIn[0], cIn[1]),
                            o.both(rIn[1], cIn[0]), o.both(rIn[1], cIn[1])};
    fillCorners(o, t, o.clampIndex(r0, H - 1), o.clampIndex(r1, H - 1),
                o.clampIndex(c0, W - 1), o.clampIndex(c1, W - 1),
                o.sub(hs, h0f), o.sub(ws, w0f), valid, cornerValid);
    return t;
  }
  case Boundary::DCNv1: {
    // Inside [0, H) x [0, W); corners past the last row/column replicate it.
    Value valid = o.both(o.both(o.ge(h, o.f(0)), o.lt(h, o.f(H))),
                         o.both(o.ge(w, o.f(0)), o.lt(w, o.f(W))));
    replicateCorners(o, t, o.sel(valid, h, o.f(0)), o.sel(valid, w, o.f(0)),
                     valid, H, W);
    return t;
  }
  case Boundary::TFClamp: {
    // Clip in padded coordinates to [0, Hp-1] x [0, Wp-1]; padded pixels are
    // zero. Weights come from the clipped corners, so at the last padded
    // row/column every weight is 0.
    const int64_t Hp = H + p.padTop + p.padBottom, Wp = W + p.padLeft + p.padRight;
    Value valid = o.both(o.ordered(h), o.ordered(w));
    auto clip = [&](Value v, int64_t pad, int64_t size) {
      Value x = o.add(v, o.f(pad));
      x = o.sel(o.gt(x, o.f(0)), x, o.f(0)); // NaN -> 0 (masked by valid)
      return o.sel(o.lt(x, o.f(size - 1)), x, o.f(size - 1));
    };
    Value hc = clip(h, p.padTop, Hp), wc = clip(w, p.padLeft, Wp);
    Value h0f = o.floor(hc), w0f = o.floor(wc);
    Value h1f = arith::MinimumFOp::create(b, o.add(h0f, o.f(1)), o.f(Hp - 1));
    Value w1f = arith::MinimumFOp::create(b, o.add(w0f, o.f(1)), o.f(Wp - 1));
    // Padded index -> image index; padded rows/columns read 0.
    Value r0 = o.iadd(o.toIndex(h0f), o.idx(-p.padTop));
    Value r1 = o.iadd(o.toIndex(h1f), o.idx(-p.padTop));
    Value c0 = o.iadd(o.toIndex(w0f), o.idx(-p.padLeft));
    Value c1 = o.iadd(o.toIndex(w1f), o.idx(-p.padLeft));
    Value rIn[2] = {o.inRange(r0, H), o.inRange(r1, H)};
    Value cIn[2] = {o.inRange(c0, W), o.inRange(c1, W)};
    Value rows[4] = {r0, r0, r1, r1}, cols[4] = {c0, c1, c0, c1};
    Value weights[4] = {o.mul(o.sub(h1f, hc), o.sub(w1f, wc)),
                        o.mul(o.sub(h1f, hc), o.sub(wc, w0f)),
                        o.mul(o.sub(hc, h0f), o.sub(w1f, wc)),
                        o.mul(o.sub(hc, h0f), o.sub(wc, w0f))};
    Value cornerValid[4] = {o.both(rIn[0], cIn[0]), o.both(rIn[0], cIn[1]),
                            o.both(rIn[1], cIn[0]), o.both(rIn[1], cIn[1])};
    for (int i = 0; i < 4; ++i) {
      t.row[i] = o.clampIndex(rows[i], H - 1);
      t.col[i] = o.clampIndex(cols[i], W - 1);
      t.inImage[i] = o.both(valid, cornerValid[i]);
      t.weight[i] = weights[i];
    }
    return t;
  }
  }
  llvm_unreachable("unknown boundary rule");
}

SampleTaps mlir::deform::buildRoiAlignTaps(ImplicitLocOpBuilder &b, Value y,
                                           Value x, int64_t H, int64_t W) {
  Ops o(b, y.getType());
  SampleTaps t;
  Value valid = o.both(o.both(o.ge(y, o.f(-1)), o.le(y, o.f(H))),
                       o.both(o.ge(x, o.f(-1)), o.le(x, o.f(W))));
  // Clamp to [0, H-1]: at or past the last row only that row is read.
  auto clamp = [&](Value v, int64_t size) {
    Value c = o.sel(o.gt(v, o.f(0)), v, o.f(0)); // NaN -> 0 (masked)
    return o.sel(o.lt(c, o.f(size - 1)), c, o.f(size - 1));
  };
  replicateCorners(o, t, clamp(y, H), clamp(x, W), valid, H, W);
  return t;
}

Value mlir::deform::applySampleTaps(ImplicitLocOpBuilder &b,
                                    const SampleTaps &taps,
                                    function_ref<Value(Value, Value)> load) {
  Value sum;
  for (int i = 0; i < 4; ++i) {
    Value v = load(taps.row[i], taps.col[i]);
    Value zero = arith::ConstantOp::create(b, b.getFloatAttr(v.getType(), 0));
    Value term = arith::MulFOp::create(
        b, arith::SelectOp::create(b, taps.inImage[i], v, zero), taps.weight[i]);
    sum = sum ? arith::AddFOp::create(b, sum, term).getResult() : term;
  }
  return sum;
}
