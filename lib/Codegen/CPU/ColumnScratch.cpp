//===- ColumnScratch.cpp - what the column lowerings share ----------------===//
#include "LowerCpu.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::deform;

Value mlir::deform::allocTaskScratch(ImplicitLocOpBuilder &b, Operation *op,
                                     ArrayRef<int64_t> shape, Type elementType) {
  Region *scope = nullptr;
  for (Operation *p = op->getParentOp(); p && !scope; p = p->getParentOp())
    if (isa<scf::ForallOp, scf::ParallelOp, FunctionOpInterface>(p))
      scope = &p->getRegion(0);
  Block &block = scope->front();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&block);
  Value buffer = memref::AllocOp::create(b, MemRefType::get(shape, elementType));
  b.setInsertionPoint(block.getTerminator());
  memref::DeallocOp::create(b, buffer);
  return buffer;
}

void mlir::deform::storeTilePixels(Ops &o, Value p0, Value lastPixel,
                                   Value tileW, Value rows, Value cols) {
  ImplicitLocOpBuilder &b = o.b;
  Type laneInt = cast<MemRefType>(rows.getType()).getElementType();
  Value like = arith::ConstantOp::create(b, b.getZeroAttr(laneInt));
  int64_t pixels = cast<MemRefType>(rows.getType()).getDimSize(0);
  o.loop(pixels, [&](Value q) {
    Value pixel = o.min(o.add(p0, q), lastPixel);
    memref::StoreOp::create(b, o.intLike(o.div(pixel, tileW), like), rows,
                            ValueRange{q});
    memref::StoreOp::create(b, o.intLike(o.rem(pixel, tileW), like), cols,
                            ValueRange{q});
  });
}

Value mlir::deform::isRowRun(Ops &o, Value q, int64_t width, Value tileW,
                             Value lastPixel) {
  Value inRow = o.icmp(arith::CmpIPredicate::sle,
                       o.add(o.rem(q, tileW), o.scalarIdx(width)), tileW);
  Value real = o.icmp(arith::CmpIPredicate::sle,
                      o.add(q, o.scalarIdx(width - 1)), lastPixel);
  return o.both(inRow, real);
}

bool mlir::deform::mayHaveRowRuns(Value tileW, int64_t width) {
  std::optional<int64_t> w = getConstantIntValue(tileW);
  return !w || *w >= width;
}

LogicalResult mlir::deform::checkImageGatherRange(Operation *op, Value input) {
  auto in = cast<MemRefType>(input.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(in.getStridesAndOffset(strides, offset)))
    return success();
  int64_t span = 1;
  for (int64_t d = 1; d < in.getRank(); ++d) {
    if (ShapedType::isDynamic(in.getDimSize(d)) ||
        ShapedType::isDynamic(strides[d]))
      return success(); // checked when the sizes are known (shape checks)
    span += (in.getDimSize(d) - 1) * strides[d];
  }
  if (span < (int64_t(1) << 31))
    return success();
  return op->emitOpError() << "operand 'input' (" << in << ") spans " << span
                           << " elements per image; the CPU gathers address "
                              "at most 2^31";
}

bool mlir::deform::hasUnitColumnStride(Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  return type.getRank() > 0 &&
         succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

bool mlir::deform::fitsI32PerBatch(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto sub = dyn_cast<memref::SubViewOp>(def))
      v = sub.getSource();
    else if (auto cast = dyn_cast<memref::CastOp>(def))
      v = cast.getSource();
    else
      break;
  }
  auto type = cast<MemRefType>(v.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  int64_t span = 1;
  for (int64_t d = 1; d < type.getRank(); ++d) {
    if (ShapedType::isDynamic(type.getDimSize(d)) ||
        ShapedType::isDynamic(strides[d]))
      return false;
    span += (type.getDimSize(d) - 1) * std::abs(strides[d]);
    if (span >= (int64_t(1) << 31))
      return false;
  }
  return true;
}
