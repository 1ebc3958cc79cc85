//===- MicroKernel.cpp - configured linalg.matmul as a CPU micro-kernel ---===//
//
// C[M, N] += A[M, K] * B[K, N] with N a static multiple of vector * vectors
// (the sampled pixels): blocks of `rows` rows x `vectors` vectors of C stay
// in registers across the whole depth K, each step broadcasting one A
// element per row and doing one vector FMA per accumulator.
//
//===----------------------------------------------------------------------===//
#include "LowerCpu.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::deform;

LogicalResult mlir::deform::lowerConfiguredMatmul(ImplicitLocOpBuilder &b,
                                                  linalg::MatmulOp matmul,
                                                  CpuConfigAttr config) {
  if (!matmul.hasPureBufferSemantics())
    return matmul.emitOpError() << "is on tensors; the CPU micro-kernel "
                                   "needs buffers";
  Value A = matmul.getDpsInputs()[0], B = matmul.getDpsInputs()[1],
        C = matmul.getDpsInits()[0];
  auto cType = cast<MemRefType>(C.getType());
  auto ct = dyn_cast<FloatType>(cType.getElementType());
  int64_t width = config.getVector();
  if (config.getRegisterTile().size() != 2)
    return matmul.emitOpError()
           << "configuration " << config
           << " has no register_tile; the CPU micro-kernel needs one";
  int64_t rows = config.getRegisterTile()[0],
          vectors = config.getRegisterTile()[1];
  int64_t n = cType.getDimSize(1);
  if (!ct || ShapedType::isDynamic(n) || n % (width * vectors) != 0)
    return matmul.emitOpError()
           << "output " << cType << " needs a float element type and a static "
           << "column count that is a multiple of vector * vectors = "
           << width * vectors << " (configuration " << config << ")";
  Ops o(b);
  auto vecType = VectorType::get({width}, ct);
  Value m = o.value(memref::getMixedSize(b, b.getLoc(), C, 0));
  Value depth = o.value(memref::getMixedSize(b, b.getLoc(), B, 0));

  // `count` rows (static) from row0, vectors from col0.
  auto kernel = [&](Value row0, int64_t count, Value col0) {
    SmallVector<Value> init;
    for (int64_t r = 0; r < count; ++r)
      for (int64_t vi = 0; vi < vectors; ++vi)
        init.push_back(vector::LoadOp::create(
            b, vecType, C, ValueRange{o.add(row0, r), o.add(col0, vi * width)}));
    ValueRange sums = o.loopCarried(
        o.scalarIdx(0), depth, o.scalarIdx(1), init,
        [&](Value kk, ValueRange acc) -> SmallVector<Value> {
          SmallVector<Value> columns;
          for (int64_t vi = 0; vi < vectors; ++vi)
            columns.push_back(vector::LoadOp::create(
                b, vecType, B, ValueRange{kk, o.add(col0, vi * width)}));
          SmallVector<Value> next;
          for (int64_t r = 0; r < count; ++r) {
            Value a = o.load(A, {o.add(row0, r), kk}, ct);
            Value splat = vector::BroadcastOp::create(b, vecType, a);
            for (int64_t vi = 0; vi < vectors; ++vi)
              next.push_back(vector::FMAOp::create(b, splat, columns[vi],
                                                   acc[r * vectors + vi]));
          }
          return next;
        });
    for (int64_t r = 0; r < count; ++r)
      for (int64_t vi = 0; vi < vectors; ++vi)
        vector::StoreOp::create(
            b, sums[r * vectors + vi], C,
            ValueRange{o.add(row0, r), o.add(col0, vi * width)});
  };

  o.loop(o.scalarIdx(0), o.scalarIdx(n), width * vectors, [&](Value col0) {
    if (std::optional<int64_t> staticM = getConstantIntValue(m)) {
      int64_t full = *staticM / rows * rows;
      if (full > 0)
        o.loop(o.scalarIdx(0), o.scalarIdx(full), rows,
               [&](Value row0) { kernel(row0, rows, col0); });
      if (*staticM > full)
        kernel(o.scalarIdx(full), *staticM - full, col0);
      return;
    }
    // A dynamic row count: whole register tiles, then one row at a time.
    Value full = o.mul(o.div(m, rows), rows);
    o.loop(o.scalarIdx(0), full, rows,
           [&](Value row0) { kernel(row0, rows, col0); });
    o.loop(full, m, 1, [&](Value row) { kernel(row, 1, col0); });
  });
  return success();
}
