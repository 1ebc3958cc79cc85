//===- CornerPairs.cpp - bilinear corners read two at a time --------------===//
#include "CornerPairs.h"
#include "LowerCpu.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::deform;

bool mlir::deform::hasContiguousPairs(Value input) {
  auto type = cast<MemRefType>(input.getType());
  if (type.getRank() != 4)
    return false;
  int64_t width = type.getDimSize(3);
  return !ShapedType::isDynamic(width) && width >= 2 &&
         hasUnitColumnStride(input);
}

CornerPairs mlir::deform::pairCorners(
    Ops &v, const SampleTaps &taps, int64_t width,
    function_ref<Value(Value, Value)> pixelIndex) {
  // Every boundary rule's clamped columns are c0 and c1 in {c0, c0 + 1}
  // within [0, W-1]: the pair [p, p+1], p = min(c0, W-2), holds both.
  Value start = v.min(taps.col[0], v.idxLike(taps.col[0], width - 2));
  Value right[2] = {v.icmp(arith::CmpIPredicate::ne, taps.col[0], start),
                    v.icmp(arith::CmpIPredicate::ne, taps.col[1], start)};
  auto ft = cast<FloatType>(getElementTypeOrSelf(taps.weight[0].getType()));
  Value zero = v.f(ft, 0);
  CornerPairs pairs;
  for (int row = 0; row < 2; ++row) {
    pairs.start[row] = v.toI32(pixelIndex(taps.row[2 * row], start));
    for (int slot = 0; slot < 2; ++slot) {
      Value used, weight = zero;
      for (int corner = 0; corner < 2; ++corner) {
        int i = 2 * row + corner;
        Value here = slot ? right[corner] : v.negate(right[corner]);
        Value reads = v.both(taps.inImage[i], here);
        used = used ? v.either(used, reads) : reads;
        weight = v.fadd(weight, v.select(reads, taps.weight[i], zero));
      }
      pairs.used[2 * row + slot] = used;
      pairs.weight[2 * row + slot] = weight;
    }
  }
  return pairs;
}

std::pair<Value, Value>
mlir::deform::loadPairs(Ops &v, const FlatView &view, Value base,
                        function_ref<Value(int64_t)> index, FloatType t) {
  ImplicitLocOpBuilder &b = v.b;
  Type elt = cast<MemRefType>(view.flat.getType()).getElementType();
  auto pairType = VectorType::get({2}, elt);
  SmallVector<Value> parts;
  for (int64_t j = 0; j < v.lanes; ++j)
    parts.push_back(vector::LoadOp::create(
        b, pairType, view.flat, ValueRange{arith::AddIOp::create(b, base, index(j))}));
  // Concatenate into one vector of 2 * lanes, then split the even and odd
  // elements: LLVM turns this into 64-bit loads, inserts and two permutes.
  while (parts.size() > 1) {
    SmallVector<Value> next;
    for (size_t i = 0; i < parts.size(); i += 2) {
      int64_t n = cast<VectorType>(parts[i].getType()).getNumElements();
      SmallVector<int64_t> concat;
      for (int64_t k = 0; k < 2 * n; ++k)
        concat.push_back(k);
      next.push_back(
          vector::ShuffleOp::create(b, parts[i], parts[i + 1], concat));
    }
    parts = next;
  }
  SmallVector<int64_t> even, odd;
  for (int64_t j = 0; j < v.lanes; ++j) {
    even.push_back(2 * j);
    odd.push_back(2 * j + 1);
  }
  Value all = parts.front();
  return {v.castTo(vector::ShuffleOp::create(b, all, all, even), t),
          v.castTo(vector::ShuffleOp::create(b, all, all, odd), t)};
}
