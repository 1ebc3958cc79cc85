//===- LoweringUtils.h - builders shared by the deform lowerings -*- C++ -*-===//
#ifndef DEFORM_TRANSFORMS_LOWERINGUTILS_H
#define DEFORM_TRANSFORMS_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::deform::detail {


/// Index and float helpers over one implicit-location builder.
struct Emitter {
  ImplicitLocOpBuilder &b;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }
  Value add(Value x, int64_t y) { return y == 0 ? x : add(x, idx(y)); }
  Value mul(Value x, int64_t y) { return y == 1 ? x : mul(x, idx(y)); }
  Value div(Value x, int64_t y) {
    return y == 1 ? x : arith::DivUIOp::create(b, x, idx(y)).getResult();
  }
  Value rem(Value x, int64_t y) { return arith::RemUIOp::create(b, x, idx(y)); }
  Value div(Value x, Value y) { return arith::DivUIOp::create(b, x, y); }
  Value rem(Value x, Value y) { return arith::RemUIOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value value(OpFoldResult v) { return getValueOrCreateConstantIndexOp(b, b.getLoc(), v); }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, x, y); }
  Value fconst(Type t, double v) {
    return arith::ConstantOp::create(b, b.getFloatAttr(t, v));
  }
  /// index -> float of type `t`.
  Value toFloat(Value i, Type t) {
    Value i64 = arith::IndexCastOp::create(b, b.getI64Type(), i);
    return arith::SIToFPOp::create(b, t, i64);
  }
  /// Float of any width -> `t`.
  Value castTo(Value v, Type t) {
    unsigned from = cast<FloatType>(v.getType()).getWidth();
    unsigned to = cast<FloatType>(t).getWidth();
    if (from == to)
      return v;
    if (from < to)
      return arith::ExtFOp::create(b, t, v);
    return arith::TruncFOp::create(b, t, v);
  }
  Value load(Value mem, ValueRange indices, Type t) {
    return castTo(memref::LoadOp::create(b, mem, indices), t);
  }
  void store(Value v, Value mem, ValueRange indices) {
    Type elt = cast<MemRefType>(mem.getType()).getElementType();
    memref::StoreOp::create(b, castTo(v, elt), mem, indices);
  }
  /// for (iv = lb; iv < ub; iv += step) body(iv), at the current point.
  void loop(Value lb, Value ub, int64_t step, function_ref<void(Value)> body) {
    auto forOp = scf::ForOp::create(b, lb, ub, idx(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forOp.getBody());
    body(forOp.getInductionVar());
  }
  void loop(int64_t ub, function_ref<void(Value)> body) {
    loop(idx(0), idx(ub), 1, body);
  }
};

/// A memref seen as the 1-D span of memory it covers, with its strides, so
/// that vector gathers and scatters address any element with one linear index.
struct FlatView {
  Value flat;
  SmallVector<Value, 4> strides;
};

inline FlatView makeFlatView(Emitter &e, Value mem) {
  ImplicitLocOpBuilder &b = e.b;
  auto meta = memref::ExtractStridedMetadataOp::create(b, mem);
  auto type = cast<MemRefType>(mem.getType());
  Value extent = e.idx(1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    extent = e.add(extent, e.mul(e.sub(meta.getSizes()[d], e.idx(1)),
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


/// Largest divisor of `n` that is at most `limit` (at least 1).
inline int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, std::max<int64_t>(limit, 1)); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}


} // namespace mlir::deform::detail

#endif
