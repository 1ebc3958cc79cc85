//===- Builders.cpp - one arithmetic vocabulary for deform codegen --------===//
#include "deform/Codegen/Common/Builders.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::deform;

Type Ops::shaped(Type element) const {
  return lanes ? Type(VectorType::get({lanes}, element)) : element;
}

Value Ops::lanesOf(Value v) {
  if (!lanes || isa<VectorType>(v.getType()))
    return v;
  return vector::BroadcastOp::create(b, shaped(v.getType()), v);
}

std::pair<Value, Value> Ops::match(Value x, Value y) {
  bool xv = isa<VectorType>(x.getType()), yv = isa<VectorType>(y.getType());
  if (xv && !yv)
    y = vector::BroadcastOp::create(b, x.getType(), y);
  else if (yv && !xv)
    x = vector::BroadcastOp::create(b, y.getType(), x);
  return {x, y};
}

Value Ops::constant(Type element, TypedAttr value) {
  if (!lanes)
    return arith::ConstantOp::create(b, value);
  return arith::ConstantOp::create(
      b, DenseElementsAttr::get(cast<ShapedType>(shaped(element)), value));
}
Value Ops::idx(int64_t v) {
  return constant(b.getIndexType(), b.getIndexAttr(v));
}
Value Ops::idxLike(Value like, int64_t v) {
  Type element = getElementTypeOrSelf(like.getType());
  TypedAttr attr = element.isIndex() ? TypedAttr(b.getIndexAttr(v))
                                     : TypedAttr(b.getIntegerAttr(element, v));
  if (auto vec = dyn_cast<VectorType>(like.getType()))
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(VectorType::get(vec.getShape(), element),
                                  attr));
  return arith::ConstantOp::create(b, attr);
}
Value Ops::f(FloatType t, double v) { return constant(t, b.getFloatAttr(t, v)); }
Value Ops::yes() { return constant(b.getI1Type(), b.getBoolAttr(true)); }

#define DEFORM_BINARY(NAME, OP)                                                \
  Value Ops::NAME(Value x, Value y) {                                          \
    auto [l, r] = match(x, y);                                                 \
    return b.createOrFold<OP>(l, r);                                           \
  }
DEFORM_BINARY(add, arith::AddIOp)
DEFORM_BINARY(sub, arith::SubIOp)
DEFORM_BINARY(mul, arith::MulIOp)
DEFORM_BINARY(div, arith::DivUIOp)
DEFORM_BINARY(rem, arith::RemUIOp)
DEFORM_BINARY(min, arith::MinSIOp)
DEFORM_BINARY(max, arith::MaxSIOp)
DEFORM_BINARY(fadd, arith::AddFOp)
DEFORM_BINARY(fsub, arith::SubFOp)
DEFORM_BINARY(fmul, arith::MulFOp)
DEFORM_BINARY(fdiv, arith::DivFOp)
DEFORM_BINARY(both, arith::AndIOp)
DEFORM_BINARY(either, arith::OrIOp)
#undef DEFORM_BINARY

Value Ops::icmp(arith::CmpIPredicate p, Value x, Value y) {
  auto [l, r] = match(x, y);
  return arith::CmpIOp::create(b, p, l, r);
}
Value Ops::fcmp(arith::CmpFPredicate p, Value x, Value y) {
  auto [l, r] = match(x, y);
  return arith::CmpFOp::create(b, p, l, r);
}
Value Ops::inRange(Value x, Value size) {
  Value zero = idxLike(x, 0);
  return both(icmp(arith::CmpIPredicate::sge, x, zero),
              icmp(arith::CmpIPredicate::slt, x, size));
}
Value Ops::fma(Value x, Value y, Value z) {
  auto [a, m] = match(x, y);
  auto [a2, c] = match(a, z);
  auto [m2, c2] = match(m, c);
  return math::FmaOp::create(b, a2, m2, c2);
}
Value Ops::floor(Value x) { return math::FloorOp::create(b, x); }
Value Ops::negate(Value x) {
  Value one = isa<VectorType>(x.getType())
                  ? constant(b.getI1Type(), b.getBoolAttr(true))
                  : arith::ConstantIntOp::create(b, 1, 1).getResult();
  return arith::XOrIOp::create(b, x, one);
}
Value Ops::select(Value c, Value x, Value y) {
  auto [l, r] = match(x, y);
  if (isa<VectorType>(l.getType()) && !isa<VectorType>(c.getType()))
    c = vector::BroadcastOp::create(
        b, VectorType::get(cast<VectorType>(l.getType()).getShape(),
                           b.getI1Type()),
        c);
  return arith::SelectOp::create(b, c, l, r);
}

static Type withElement(Type like, Type element) {
  if (auto v = dyn_cast<VectorType>(like))
    return VectorType::get(v.getShape(), element);
  return element;
}

Value Ops::toFloat(Value i, FloatType t) {
  if (getElementTypeOrSelf(i.getType()).isIndex())
    i = arith::IndexCastOp::create(b, withElement(i.getType(), b.getI64Type()),
                                   i);
  return arith::SIToFPOp::create(b, withElement(i.getType(), t), i);
}
Value Ops::toIndex(Value x) {
  Value i = arith::FPToSIOp::create(b, withElement(x.getType(), b.getI64Type()),
                                    x);
  return arith::IndexCastOp::create(b, withElement(x.getType(), b.getIndexType()),
                                    i);
}
Value Ops::castTo(Value v, FloatType t) {
  auto from = cast<FloatType>(getElementTypeOrSelf(v.getType()));
  if (from == t)
    return v;
  Type to = withElement(v.getType(), t);
  if (from.getWidth() < t.getWidth())
    return arith::ExtFOp::create(b, to, v);
  return arith::TruncFOp::create(b, to, v);
}
Value Ops::toI32(Value i) {
  if (getElementTypeOrSelf(i.getType()).isInteger(32))
    return i;
  return arith::IndexCastOp::create(b, withElement(i.getType(), b.getI32Type()),
                                    i);
}
Value Ops::intLike(Value i, Value like) {
  Type from = getElementTypeOrSelf(i.getType()),
       to = getElementTypeOrSelf(like.getType());
  if (from == to)
    return i;
  return arith::IndexCastOp::create(b, withElement(i.getType(), to), i);
}
Value Ops::toIntLike(Value x, Value like) {
  Type to = getElementTypeOrSelf(like.getType());
  if (to.isIndex())
    return toIndex(x);
  return arith::FPToSIOp::create(b, withElement(x.getType(), to), x);
}

Value Ops::load(Value mem, ValueRange indices, FloatType t) {
  return castTo(memref::LoadOp::create(b, mem, indices), t);
}
void Ops::store(Value v, Value mem, ValueRange indices) {
  auto elt = cast<FloatType>(cast<MemRefType>(mem.getType()).getElementType());
  memref::StoreOp::create(b, castTo(v, elt), mem, indices);
}

void Ops::loop(Value lb, Value ub, Value step, function_ref<void(Value)> body) {
  auto forOp = scf::ForOp::create(b, lb, ub, step);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forOp.getBody());
  body(forOp.getInductionVar());
}

ValueRange
Ops::loopCarried(Value lb, Value ub, Value step, ValueRange init,
                 function_ref<SmallVector<Value>(Value, ValueRange)> body) {
  auto forOp = scf::ForOp::create(b, lb, ub, step, init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forOp.getBody());
    SmallVector<Value> next =
        body(forOp.getInductionVar(), forOp.getRegionIterArgs());
    scf::YieldOp::create(b, next);
  }
  return forOp.getResults();
}

Value Ops::value(OpFoldResult v) {
  return getValueOrCreateConstantIndexOp(b, b.getLoc(), v);
}

Value FlatView::linear(Ops &o, ArrayRef<Value> indices) const {
  Value sum;
  for (auto [i, index] : llvm::enumerate(indices)) {
    Value term = o.mul(index, strides[i]);
    sum = sum ? o.add(sum, term) : term;
  }
  return sum;
}

FlatView mlir::deform::makeFlatView(ImplicitLocOpBuilder &b, Value mem) {
  Ops o(b);
  auto meta = memref::ExtractStridedMetadataOp::create(b, mem);
  auto type = cast<MemRefType>(mem.getType());
  // The span from the first element to the last one, + 1.
  Value extent = o.scalarIdx(1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    extent = o.add(extent, o.mul(o.sub(meta.getSizes()[d], o.scalarIdx(1)),
                                 meta.getStrides()[d]));
  auto flatType = MemRefType::get(
      {ShapedType::kDynamic}, type.getElementType(),
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  Value flat = memref::ReinterpretCastOp::create(
      b, flatType, meta.getBaseBuffer(), OpFoldResult(meta.getOffset()),
      ArrayRef<OpFoldResult>{OpFoldResult(extent)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  return {flat, SmallVector<Value, 4>(meta.getStrides().begin(),
                                      meta.getStrides().end())};
}

Value mlir::deform::gather(Ops &o, const FlatView &view, Value index,
                           FloatType t, Value mask, Value base) {
  ImplicitLocOpBuilder &b = o.b;
  Type elt = cast<MemRefType>(view.flat.getType()).getElementType();
  if (!o.lanes) {
    if (base)
      index = o.add(base, index);
    Value v = o.castTo(memref::LoadOp::create(b, view.flat, index), t);
    return mask ? o.select(mask, v, o.f(t, 0)) : v;
  }
  auto vecType = VectorType::get({o.lanes}, elt);
  index = o.lanesOf(index);
  if (!mask)
    mask = o.yes();
  else
    mask = o.lanesOf(mask);
  Value zero = arith::ConstantOp::create(
      b, DenseElementsAttr::get(vecType, b.getFloatAttr(elt, 0.0)));
  Value v = vector::GatherOp::create(b, vecType, view.flat,
                                     ValueRange{base ? base : o.scalarIdx(0)},
                                     index, mask, zero);
  return o.castTo(v, t);
}

Value mlir::deform::gatherInBounds(Ops &o, const FlatView &view, Value index,
                                   FloatType t, Value keep, Value base) {
  Value v = gather(o, view, index, t, Value(), base);
  return keep ? o.select(keep, v, o.f(t, 0)) : v;
}

void mlir::deform::scatter(Ops &o, const FlatView &view, Value index, Value v,
                           Value mask) {
  ImplicitLocOpBuilder &b = o.b;
  auto elt = cast<FloatType>(cast<MemRefType>(view.flat.getType()).getElementType());
  v = o.castTo(v, elt);
  if (!o.lanes) {
    memref::StoreOp::create(b, v, view.flat, index);
    return;
  }
  vector::ScatterOp::create(b, Type(), view.flat, ValueRange{o.scalarIdx(0)},
                            o.lanesOf(index), mask ? o.lanesOf(mask) : o.yes(),
                            o.lanesOf(v));
}
