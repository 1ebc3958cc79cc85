//===- Builders.h - one arithmetic vocabulary for deform codegen -*- C++ -*-===//
//
// Every lowering (scalar implementation, CPU vectors, later GPU threads)
// builds its index and float arithmetic through `Ops`, which works on scalars
// or, elementwise, on 1-D vectors of `lanes` elements: a scalar operand mixed
// with a vector one is broadcast. Constants fold through the builder, so
// static sizes give the same code as literals.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_COMMON_BUILDERS_H
#define DEFORM_CODEGEN_COMMON_BUILDERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::deform {

class Ops {
public:
  /// `lanes` = 0: scalars; otherwise vectors of `lanes` elements.
  explicit Ops(ImplicitLocOpBuilder &b, int64_t lanes = 0) : b(b), lanes(lanes) {}

  ImplicitLocOpBuilder &b;
  const int64_t lanes;

  /// `element`, or a vector of `lanes` of it.
  Type shaped(Type element) const;
  /// `v` as this Ops' shape: a scalar is broadcast to the lanes.
  Value lanesOf(Value v);

  // Constants of the Ops' shape.
  Value constant(Type element, TypedAttr value);
  Value idx(int64_t v);
  Value f(FloatType t, double v);
  Value yes();
  /// Scalar constants, whatever the lanes.
  Value scalarIdx(int64_t v) { return arith::ConstantIndexOp::create(b, v); }

  // Index arithmetic (scalar operands mixed with vector ones are broadcast).
  Value add(Value x, Value y);
  /// Literals take the shape (scalar or lanes) and the integer type (index
  /// or i32) of the other operand: index arithmetic works on either.
  Value idxLike(Value like, int64_t v);
  Value add(Value x, int64_t y) { return y == 0 ? x : add(x, idxLike(x, y)); }
  Value sub(Value x, Value y);
  Value mul(Value x, Value y);
  Value mul(Value x, int64_t y) { return y == 1 ? x : mul(x, idxLike(x, y)); }
  /// Unsigned division / remainder (operands are non-negative).
  Value div(Value x, Value y);
  Value div(Value x, int64_t y) { return y == 1 ? x : div(x, idxLike(x, y)); }
  Value rem(Value x, Value y);
  Value rem(Value x, int64_t y) { return rem(x, idxLike(x, y)); }
  Value min(Value x, Value y);
  Value max(Value x, Value y);
  Value clamp(Value x, Value lo, Value hi) { return min(max(x, lo), hi); }
  Value icmp(arith::CmpIPredicate p, Value x, Value y);
  /// 0 <= x < size.
  Value inRange(Value x, Value size);

  // Float arithmetic.
  Value fadd(Value x, Value y);
  Value fsub(Value x, Value y);
  Value fmul(Value x, Value y);
  Value fdiv(Value x, Value y);
  /// x * y + z, fused.
  Value fma(Value x, Value y, Value z);
  Value fcmp(arith::CmpFPredicate p, Value x, Value y);
  Value lt(Value x, Value y) { return fcmp(arith::CmpFPredicate::OLT, x, y); }
  Value le(Value x, Value y) { return fcmp(arith::CmpFPredicate::OLE, x, y); }
  Value gt(Value x, Value y) { return fcmp(arith::CmpFPredicate::OGT, x, y); }
  Value ge(Value x, Value y) { return fcmp(arith::CmpFPredicate::OGE, x, y); }
  /// x is not NaN.
  Value ordered(Value x) { return fcmp(arith::CmpFPredicate::ORD, x, x); }
  Value floor(Value x);

  // Logic.
  Value both(Value x, Value y);
  Value either(Value x, Value y);
  Value negate(Value x);
  Value select(Value c, Value x, Value y);

  // Conversions.
  /// Index (or signed integer) -> float of type `t`.
  Value toFloat(Value i, FloatType t);
  /// A float known to hold a small integer -> index.
  Value toIndex(Value x);
  /// Float of any width -> `t` (elementwise).
  Value castTo(Value v, FloatType t);
  /// Index -> i32 (for gather offsets); i32 stays as it is.
  Value toI32(Value i);
  /// Integer `i` (index or i32, scalar or lanes) in the integer type of
  /// `like`, keeping its own shape.
  Value intLike(Value i, Value like);
  /// A float known to hold a small integer -> the integer type of `like`.
  Value toIntLike(Value x, Value like);

  // Scalar memory access, converted to / from `t`.
  Value load(Value mem, ValueRange indices, FloatType t);
  void store(Value v, Value mem, ValueRange indices);

  /// for (iv = lb; iv < ub; iv += step) body(iv), at the current point.
  void loop(Value lb, Value ub, Value step, function_ref<void(Value)> body);
  void loop(Value lb, Value ub, int64_t step, function_ref<void(Value)> body) {
    loop(lb, ub, scalarIdx(step), body);
  }
  void loop(int64_t ub, function_ref<void(Value)> body) {
    loop(scalarIdx(0), scalarIdx(ub), 1, body);
  }
  void loop(Value ub, function_ref<void(Value)> body) {
    loop(scalarIdx(0), ub, 1, body);
  }
  /// An scf.for carrying `init`; body(iv, iterArgs) returns the next values.
  ValueRange loopCarried(Value lb, Value ub, Value step, ValueRange init,
                         function_ref<SmallVector<Value>(Value, ValueRange)> body);

  /// Scalar `v` of the Ops' shape: itself when `v` is an OpFoldResult.
  Value value(OpFoldResult v);

private:
  /// Broadcasts whichever of x, y is scalar when the other is a vector.
  std::pair<Value, Value> match(Value x, Value y);
};

/// A memref seen as the 1-D span of memory it covers, with its strides, so
/// that one linear index addresses any element (scalar loads, vector
/// gathers and scatters alike), whatever the memref's layout.
struct FlatView {
  Value flat;
  SmallVector<Value, 4> strides;
  /// sum_d indices[d] * strides[d]; indices may be scalars or lanes.
  Value linear(Ops &o, ArrayRef<Value> indices) const;
};
FlatView makeFlatView(ImplicitLocOpBuilder &b, Value mem);

/// Loads `view` at linear `base + index` into the Ops' shape, converted to
/// `t`: memref.load for scalars; a vector.gather for lanes (`index` may then
/// be i32 lanes, `base` a scalar index), reading 0 where `mask` (i1,
/// optional) is false. A scalar load with a mask selects 0.
Value gather(Ops &o, const FlatView &view, Value index, FloatType t,
             Value mask = Value(), Value base = Value());
/// gather() of indices that are all in bounds (clamped by the caller):
/// every lane is loaded, then the lanes where `keep` is false read 0. An
/// unmasked gather is a single instruction wherever the CPU has one, and
/// never a branch per lane where it has not.
Value gatherInBounds(Ops &o, const FlatView &view, Value index, FloatType t,
                     Value keep, Value base = Value());
/// Stores `v` (of the view's element type after conversion) at `index`:
/// memref.store or a vector.scatter under `mask`.
void scatter(Ops &o, const FlatView &view, Value index, Value v,
             Value mask = Value());

} // namespace mlir::deform

#endif
