//===- LowerSampleColumns.cpp - deform.sample_columns on CPU vectors ------===//
//
// Two passes per tap, each a loop over vectors of the tile's pixels: the
// first computes the bilinear corners once per pixel (their in-image offsets
// as i32, whether each is inside, its weight, the mask), the second gathers
// them for every channel of the chunk with four gathers. Corner offsets are
// clamped into the image, so every lane is loaded (one instruction, no
// branch per lane) and a corner outside the image reads 0 by a select.
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
    if (failed(checkImageGatherRange(op, op.getInput())))
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
  VectorType vec(Type element) { return VectorType::get({width}, element); }

  /// Scratch of the whole task (see allocTaskScratch).
  void allocScratch() {
    auto alloc = [&](ArrayRef<int64_t> shape, Type t) {
      return allocTaskScratch(b, op, shape, t);
    };
    pixelRow = alloc({pixels}, laneInt);
    pixelCol = alloc({pixels}, laneInt);
    spatial = alloc({4, pixels}, b.getI32Type());
    inside = alloc({4, pixels}, b.getI8Type());
    weights = alloc({4, pixels}, ct);
    if (op.getMask())
      maskValues = alloc({pixels}, ct);
  }

  void pixelCoordinates() {
    storeTilePixels(o, op.getPixel(), lastPixel, tileW, pixelRow, pixelCol);
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
          Value value = gatherInBounds(v, input, offsets, ct, in, batchBase);
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
