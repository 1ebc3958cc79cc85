//===- LowerSampleColumns.cpp - deform.sample_columns on CPU vectors ------===//
//
// Two passes per tap, each a loop over vectors of the tile's pixels: the
// first computes the bilinear corners once per pixel (their in-image offsets
// as i32, whether each is inside, its weight, the mask), the second gathers
// them for every channel of the chunk with four masked gathers, so a corner
// outside the image is never read.
//
//===----------------------------------------------------------------------===//
#include "LowerCpu.h"

#include "deform/Codegen/Common/ConvSampling.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
class SampleColumnsLowering {
public:
  SampleColumnsLowering(SampleColumnsOp op, ImplicitLocOpBuilder &b,
                        int64_t width)
      : op(op), b(b), o(b), v(b, width), width(width),
        ct(cast<FloatType>(op.getCols().getType().getElementType())),
        s(ConvSampling::of(o, op)) {}

  LogicalResult run() {
    auto colsType = op.getCols().getType();
    pixels = colsType.getDimSize(1);
    if (ShapedType::isDynamic(pixels) || pixels % width != 0)
      return op.emitOpError() << "operand 'cols' has " << colsType
                              << ": its pixels must be a static multiple of "
                                 "the configured vector width "
                              << width;
    if (failed(checkGatherRange()))
      return failure();
    laneInt = fitsI32PerBatch(op.getOffset()) &&
                      (!op.getMask() || fitsI32PerBatch(op.getMask()))
                  ? Type(b.getI32Type())
                  : b.getIndexType();
    Value offsets = op.getOffset();
    tileW = o.value(memref::getMixedSize(b, b.getLoc(), offsets,
                                         s.planar ? 3 : 2));
    Value tileH = o.value(memref::getMixedSize(b, b.getLoc(), offsets,
                                               s.planar ? 2 : 1));
    lastPixel = o.sub(o.mul(tileH, tileW), o.scalarIdx(1));
    channels = o.div(o.value(memref::getMixedSize(b, b.getLoc(), op.getCols(), 0)),
                     s.taps);
    input = makeFlatView(b, op.getInput());
    offsetView = makeFlatView(b, offsets);
    if (op.getMask())
      maskView = makeFlatView(b, op.getMask());

    allocScratch();
    pixelCoordinates();
    o.loop(s.taps, [&](Value k) {
      cornersOfTap(k);
      gatherChannels(k);
    });
    return success();
  }

private:
  /// The i32 gather offsets address one image: its elements' span (with
  /// the input's strides) must stay below 2^31 where it is known.
  LogicalResult checkGatherRange() {
    MemRefType in = op.getInput().getType();
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(in.getStridesAndOffset(strides, offset)))
      return success();
    int64_t span = 1;
    for (int64_t d = 1; d < 4; ++d) {
      if (ShapedType::isDynamic(in.getDimSize(d)) ||
          ShapedType::isDynamic(strides[d]))
        return success(); // checked when the sizes are known (shape checks)
      span += (in.getDimSize(d) - 1) * strides[d];
    }
    if (span < (int64_t(1) << 31))
      return success();
    return op.emitOpError() << "operand 'input' (" << in << ") spans " << span
                            << " elements per image; the CPU gathers address "
                               "at most 2^31";
  }

  /// One batch of `v` spans less than 2^31 elements: its per-pixel indices
  /// fit i32 lanes. A subview's elements lie within its source's span, so a
  /// tile's view is judged by the static memref it was cut from.
  static bool fitsI32PerBatch(Value v) {
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

  VectorType vec(Type element) { return VectorType::get({width}, element); }

  /// The scratch (static sizes) lives from the start to the end of the
  /// innermost parallel loop body or function around the op: one allocation
  /// per task, not one per output-channel block and chunk.
  void allocScratch() {
    Region *scope = nullptr;
    for (Operation *p = op->getParentOp(); p && !scope; p = p->getParentOp())
      if (isa<scf::ForallOp, scf::ParallelOp, FunctionOpInterface>(p))
        scope = &p->getRegion(0);
    Block &block = scope->front();
    auto alloc = [&](ArrayRef<int64_t> shape, Type t) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&block);
      Value buffer = memref::AllocOp::create(b, MemRefType::get(shape, t));
      b.setInsertionPoint(block.getTerminator());
      memref::DeallocOp::create(b, buffer);
      return buffer;
    };
    pixelRow = alloc({pixels}, laneInt);
    pixelCol = alloc({pixels}, laneInt);
    spatial = alloc({4, pixels}, b.getI32Type());
    inside = alloc({4, pixels}, b.getI8Type());
    weights = alloc({4, pixels}, ct);
    if (op.getMask())
      maskValues = alloc({pixels}, ct);
  }

  /// Row and column in the tile of each column's pixel; columns past the
  /// tile's last pixel repeat it.
  void pixelCoordinates() {
    o.loop(pixels, [&](Value q) {
      Value pixel = o.min(o.add(op.getPixel(), q), lastPixel);
      Value like = arith::ConstantOp::create(b, b.getZeroAttr(laneInt));
      memref::StoreOp::create(b, o.intLike(o.div(pixel, tileW), like),
                              pixelRow, ValueRange{q});
      memref::StoreOp::create(b, o.intLike(o.rem(pixel, tileW), like),
                              pixelCol, ValueRange{q});
    });
  }

  /// The corners of tap k for every pixel of the tile, a vector at a time.
  void cornersOfTap(Value k) {
    o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
      Value y = vector::LoadOp::create(b, vec(laneInt), pixelRow, ValueRange{q});
      Value x = vector::LoadOp::create(b, vec(laneInt), pixelCol, ValueRange{q});
      Value absY = v.add(y, o.intLike(op.getRow(), y)),
            absX = v.add(x, o.intLike(op.getCol(), x));
      SampleTaps taps = s.tapsAt(v, offsetView, op.getBatch(), op.getGroup(),
                                 k, y, x, absY, absX, ct);
      for (int64_t c = 0; c < 4; ++c) {
        SmallVector<Value, 2> at = {o.scalarIdx(c), q};
        Value offset = s.pixelIndex(v, input, taps.row[c], taps.col[c]);
        vector::StoreOp::create(b, v.toI32(offset), spatial, at);
        vector::StoreOp::create(
            b, arith::ExtUIOp::create(b, vec(b.getI8Type()), taps.inImage[c]),
            inside, at);
        vector::StoreOp::create(b, taps.weight[c], weights, at);
      }
      if (maskView) {
        Value channel = s.maskChannel(o, op.getGroup(), k);
        Value m = s.gatherSample(v, *maskView, op.getBatch(), channel, y, x, ct);
        vector::StoreOp::create(b, m, maskValues, ValueRange{q});
      }
    });
  }

  /// cols[ci*K + k, q] for every channel of the chunk.
  void gatherChannels(Value k) {
    Value zeroI8 = arith::ConstantOp::create(
        b, DenseElementsAttr::get(vec(b.getI8Type()), b.getI8IntegerAttr(0)));
    Value batchBase = o.mul(op.getBatch(), input.strides[0]);
    o.loop(channels, [&](Value ci) {
      Value c = o.add(op.getChannel(), ci);
      Value plane = v.lanesOf(
          o.toI32(o.mul(c, s.nhwc ? input.strides[3] : input.strides[1])));
      Value row = o.add(o.mul(ci, s.taps), k);
      o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
        Value sum = v.f(ct, 0);
        for (int64_t i = 0; i < 4; ++i) {
          SmallVector<Value, 2> at = {o.scalarIdx(i), q};
          Value offsets = arith::AddIOp::create(
              b, vector::LoadOp::create(b, vec(b.getI32Type()), spatial, at),
              plane);
          Value in = arith::CmpIOp::create(
              b, arith::CmpIPredicate::ne,
              vector::LoadOp::create(b, vec(b.getI8Type()), inside, at), zeroI8);
          Value value = gather(v, input, offsets, ct, in, batchBase);
          Value weight = vector::LoadOp::create(b, vec(ct), weights, at);
          sum = v.fma(value, weight, sum);
        }
        if (maskView)
          sum = v.fmul(sum, vector::LoadOp::create(b, vec(ct), maskValues,
                                                   ValueRange{q}));
        vector::StoreOp::create(b, sum, op.getCols(), ValueRange{row, q});
      });
    });
  }

  SampleColumnsOp op;
  ImplicitLocOpBuilder &b;
  Ops o; // scalars
  Ops v; // vectors of `width` pixels
  int64_t width;
  FloatType ct;
  ConvSampling s;
  int64_t pixels = 0;
  Type laneInt; // of pixel coordinates: i32 where every index fits
  Value tileW, lastPixel, channels;
  FlatView input, offsetView;
  std::optional<FlatView> maskView;
  Value pixelRow, pixelCol, spatial, inside, weights, maskValues;
};
} // namespace

LogicalResult mlir::deform::lowerSampleColumns(ImplicitLocOpBuilder &b,
                                               SampleColumnsOp op,
                                               int64_t width) {
  return SampleColumnsLowering(op, b, width).run();
}
