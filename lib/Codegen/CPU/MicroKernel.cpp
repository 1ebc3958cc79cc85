//===- MicroKernel.cpp - configured linalg.matmul as a CPU micro-kernel ---===//
//
// C[M, N] += A[M, K] * B[K, N] with N a static multiple of the vector width
// (the sampled pixels): blocks of `rows` rows x `vectors` vectors of C stay
// in registers across the whole depth K, each step broadcasting one A
// element per row and doing one vector FMA per accumulator. Columns left
// over after the whole blocks of `vectors` vectors run as one narrower block
// with more rows, keeping about as many accumulators.
//
//===----------------------------------------------------------------------===//
#include "LowerCpu.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Rows of the block that covers `vectors` vectors: as many accumulators as
/// the configured tile holds (at most twice its rows: each row costs a
/// broadcast per step).
int64_t rowsFor(int64_t vectors, int64_t tileRows, int64_t tileVectors) {
  return std::clamp<int64_t>(tileRows * tileVectors / vectors, 1,
                             2 * tileRows);
}
} // namespace

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
  int64_t tileRows = config.getRegisterTile()[0],
          tileVectors = config.getRegisterTile()[1];
  // A configuration on a linalg op is not verified by the op: bound it here.
  if (tileRows < 1 || tileRows > 64 || tileVectors < 1 || tileVectors > 64 ||
      width < 1)
    return matmul.emitOpError()
           << "configuration " << config
           << " has register_tile [" << tileRows << ", " << tileVectors
           << "] and vector " << width
           << "; expected 1 to 64 each and a vector of at least 1";
  int64_t n = cType.getDimSize(1);
  if (!ct || ShapedType::isDynamic(n) || n % width != 0)
    return matmul.emitOpError()
           << "output " << cType << " needs a float element type and a static "
           << "column count that is a multiple of the vector width " << width
           << " (configuration " << config << ")";
  Ops o(b);
  auto vecType = VectorType::get({width}, ct);
  Value m = o.value(memref::getMixedSize(b, b.getLoc(), C, 0));
  Value depth = o.value(memref::getMixedSize(b, b.getLoc(), B, 0));

  // `count` rows (static) from row0 x `vectors` vectors from col0.
  auto kernel = [&](Value row0, int64_t count, Value col0, int64_t vectors) {
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

  // Every row of C for the `vectors` vectors from col0, `rows` at a time.
  auto columnBlock = [&](Value col0, int64_t vectors) {
    int64_t rows = rowsFor(vectors, tileRows, tileVectors);
    if (std::optional<int64_t> staticM = getConstantIntValue(m)) {
      int64_t full = *staticM / rows * rows;
      if (full > 0)
        o.loop(o.scalarIdx(0), o.scalarIdx(full), rows,
               [&](Value row0) { kernel(row0, rows, col0, vectors); });
      if (*staticM > full)
        kernel(o.scalarIdx(full), *staticM - full, col0, vectors);
      return;
    }
    // A dynamic row count: whole register tiles, then one row at a time.
    Value full = o.mul(o.div(m, rows), rows);
    o.loop(o.scalarIdx(0), full, rows,
           [&](Value row0) { kernel(row0, rows, col0, vectors); });
    o.loop(full, m, 1, [&](Value row) { kernel(row, 1, col0, vectors); });
  };

  int64_t blockWidth = width * tileVectors;
  int64_t wholeBlocks = n / blockWidth * blockWidth;
  if (wholeBlocks > 0)
    o.loop(o.scalarIdx(0), o.scalarIdx(wholeBlocks), blockWidth,
           [&](Value col0) { columnBlock(col0, tileVectors); });
  if (int64_t rest = (n - wholeBlocks) / width)
    columnBlock(o.scalarIdx(wholeBlocks), rest);
  return success();
}
