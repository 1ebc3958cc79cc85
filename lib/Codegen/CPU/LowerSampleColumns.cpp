//===- LowerSampleColumns.cpp - deform.sample_columns on CPU vectors ------===//
//
// Two passes per tap, each a loop over vectors of the tile's pixels: the
// first computes the bilinear corners once per pixel (their in-image offsets
// as i32, whether each is inside, its weight, the mask), the second gathers
// them for every channel of the chunk with four gathers. A chunk of a few
// channels does both in one pass, the corners kept in registers. Corner offsets are
// clamped into the image, so every lane is loaded (one instruction, no
// branch per lane) and a corner outside the image reads 0 by a select.
// Where the image's columns are contiguous, each row's two corners come
// from one 2-element load per lane instead (CornerPairs.h).
//
//===----------------------------------------------------------------------===//
#include "CornerPairs.h"
#include "LowerCpu.h"

#include "deform/Codegen/Common/ConvSampling.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Channels per chunk up to which the corners of a pixel vector stay in
/// registers across the chunk's channels.
constexpr int64_t kCornersInRegisters = 4;
/// Channels sampled per pass over a tap's corners in memory: the corners'
/// loads (a pixel vector's pair starts, weights, flags, mask) are shared by
/// that many channels; two planes still sit in L1 together.
constexpr int64_t kChannelsPerPass = 2;

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
    pairs = !s.nhwc && hasContiguousPairs(op.getInput());
    offsetView = makeFlatView(b, offsets);
    bool runs = s.planar && mayHaveRowRuns(tileW, width);
    offsetRows = runs && hasUnitColumnStride(offsets);
    if (op.getMask()) {
      maskView = makeFlatView(b, op.getMask());
      maskRows = runs && hasUnitColumnStride(op.getMask());
    }

    // Few channels per chunk of NCHW planes (a thin input, one chunk per
    // offset group): the corners stay in registers, not worth a round trip
    // through memory (seed 1.15x; NHWC's TF layer is 1.1-1.2x slower so).
    int64_t rows = colsType.getDimSize(0);
    bool inRegisters = !s.nhwc && !ShapedType::isDynamic(rows) &&
                       rows <= kCornersInRegisters * s.taps;
    allocScratch(inRegisters);
    pixelCoordinates();
    if (inRegisters) {
      o.loop(s.taps, [&](Value k) { sampleTapInRegisters(k); });
      return success();
    }
    o.loop(s.taps, [&](Value k) {
      cornersOfTap(k);
      gatherChannels(k);
    });
    return success();
  }

private:
  VectorType vec(Type element) { return VectorType::get({width}, element); }

  /// Scratch of the whole task (see allocTaskScratch); the corners' only
  /// when they go through memory.
  void allocScratch(bool pixelsOnly) {
    auto alloc = [&](ArrayRef<int64_t> shape, Type t) {
      return allocTaskScratch(b, op, shape, t);
    };
    pixelRow = alloc({pixels}, laneInt);
    pixelCol = alloc({pixels}, laneInt);
    if (pixelsOnly)
      return;
    spatial = alloc({4, pixels}, b.getI32Type());
    inside = alloc({4, pixels}, b.getI8Type());
    weights = alloc({4, pixels}, ct);
    if (op.getMask())
      maskValues = alloc({pixels}, ct);
  }

  void pixelCoordinates() {
    storeTilePixels(o, op.getPixel(), lastPixel, tileW, pixelRow, pixelCol);
  }

  /// Tap k's four corners of the pixel vector at q: their in-image offsets
  /// (i32), whether each is inside, their weights, and the mask (or null).
  /// With corner pairs: the four slots, offsets only for 0 and 2 (the starts).
  struct Corners {
    Value offset[4], inImage[4], weight[4], mask;
  };
  Corners cornersAt(Value k, Value q) {
    Value y = vector::LoadOp::create(b, vec(laneInt), pixelRow, ValueRange{q});
    Value x = vector::LoadOp::create(b, vec(laneInt), pixelCol, ValueRange{q});
    Value absY = v.add(y, o.intLike(op.getRow(), y)),
          absX = v.add(x, o.intLike(op.getCol(), x));
    Value run = isRowRun(o, q, width, tileW, lastPixel);
    auto offset = [&](int64_t component) {
      return readPixels(offsetView, offsetRows, run,
                        s.offsetChannel(o, op.getGroup(), k, component), y, x,
                        q);
    };
    SampleTaps taps = s.tapsFrom(v, k, offset(0), offset(1), absY, absX, ct);
    Corners c;
    if (pairs) {
      int64_t imageWidth = cast<MemRefType>(op.getInput().getType()).getDimSize(3);
      CornerPairs p = pairCorners(v, taps, imageWidth, [&](Value row, Value col) {
        return s.pixelIndex(v, input, row, col);
      });
      for (int64_t i = 0; i < 4; ++i) {
        // One start per pair: slots 1 and 3 have no offset of their own.
        c.offset[i] = i % 2 ? Value() : p.start[i / 2];
        c.inImage[i] = p.used[i];
        c.weight[i] = p.weight[i];
      }
    } else {
      for (int64_t i = 0; i < 4; ++i) {
        c.offset[i] =
            v.toI32(s.pixelIndex(v, input, taps.row[i], taps.col[i]));
        c.inImage[i] = taps.inImage[i];
        c.weight[i] = taps.weight[i];
      }
    }
    if (maskView)
      c.mask = readPixels(*maskView, maskRows, run,
                          s.maskChannel(o, op.getGroup(), k), y, x, q);
    return c;
  }

  /// `view`'s channel `channel` at the pixels (y, x) of vector q, as the
  /// compute type: where the view's pixels are `rows` (planar, unit column
  /// stride) and q is a row `run`, one vector load (a gather does not
  /// stream: the seed's offsets read through gathers took 42% of its
  /// time), else a gather.
  Value readPixels(const FlatView &view, bool rows, Value run, Value channel,
                   Value y, Value x, Value q) {
    auto gathered = [&] {
      return s.gatherSample(v, view, op.getBatch(), channel, y, x, ct);
    };
    if (!rows)
      return gathered();
    auto choice = scf::IfOp::create(b, TypeRange{vec(ct)}, run,
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(choice.thenBlock());
    Value at = view.linear(o, {op.getBatch(), channel, o.div(q, tileW),
                               o.rem(q, tileW)});
    Type elt = cast<MemRefType>(view.flat.getType()).getElementType();
    scf::YieldOp::create(
        b, v.castTo(vector::LoadOp::create(b, vec(elt), view.flat,
                                           ValueRange{at}),
                    ct));
    b.setInsertionPointToStart(choice.elseBlock());
    scf::YieldOp::create(b, gathered());
    return choice.getResult(0);
  }

  /// The corners of tap k for every pixel of the tile, a vector at a time.
  void cornersOfTap(Value k) {
    o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
      Corners c = cornersAt(k, q);
      for (int64_t i = 0; i < 4; ++i) {
        SmallVector<Value, 2> at = {o.scalarIdx(i), q};
        if (c.offset[i])
          vector::StoreOp::create(b, c.offset[i], spatial, at);
        vector::StoreOp::create(
            b, arith::ExtUIOp::create(b, vec(b.getI8Type()), c.inImage[i]),
            inside, at);
        vector::StoreOp::create(b, c.weight[i], weights, at);
      }
      if (c.mask)
        vector::StoreOp::create(b, c.mask, maskValues, ValueRange{q});
    });
  }

  /// cols[ci*K + k, q] for every channel, from corners kept in registers.
  void sampleTapInRegisters(Value k) {
    Value batchBase = o.mul(op.getBatch(), input.strides[0]);
    o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
      Corners c = cornersAt(k, q);
      o.loop(channels, [&](Value ci) {
        Value sum = v.f(ct, 0);
        if (pairs) {
          Value base = o.add(batchBase, planeIndexOf(ci));
          auto values = pairValues(base, [&](int64_t i, int64_t j) -> Value {
            return vector::ExtractOp::create(b, c.offset[i], j);
          });
          for (int64_t i = 0; i < 4; ++i)
            sum = v.fma(v.select(c.inImage[i], values[i], v.f(ct, 0)),
                        c.weight[i], sum);
        } else {
          Value plane = planeOf(ci);
          for (int64_t i = 0; i < 4; ++i) {
            Value offsets = arith::AddIOp::create(b, c.offset[i], plane);
            Value value = gatherInBounds(v, input, offsets, ct, c.inImage[i],
                                         batchBase);
            sum = v.fma(value, c.weight[i], sum);
          }
        }
        if (c.mask)
          sum = v.fmul(sum, c.mask);
        vector::StoreOp::create(b, sum, op.getCols(),
                                ValueRange{o.add(o.mul(ci, s.taps), k), q});
      });
    });
  }

  /// Lanes of the offset of channel ci's plane (the chunk's first channel
  /// is op.getChannel()).
  Value planeOf(Value ci) { return v.lanesOf(o.toI32(planeIndexOf(ci))); }
  Value planeIndexOf(Value ci) {
    Value c = o.add(op.getChannel(), ci);
    return o.mul(c, s.nhwc ? input.strides[3] : input.strides[1]);
  }

  /// The four corner slots of a pixel vector from pair loads at
  /// `base + start(row, lane)` (row 0: top pair, 2: bottom pair; i32).
  std::array<Value, 4>
  pairValues(Value base, function_ref<Value(int64_t, int64_t)> start) {
    std::array<Value, 4> values;
    for (int64_t row = 0; row < 4; row += 2) {
      auto [left, right] = loadPairs(
          v, input, base,
          [&](int64_t j) {
            return arith::IndexCastOp::create(b, b.getIndexType(),
                                              start(row, j));
          },
          ct);
      values[row] = left;
      values[row + 1] = right;
    }
    return values;
  }

  /// cols[ci*K + k, q] for every channel of the chunk, kChannelsPerPass
  /// channels per pass over the pixels (then one at a time).
  void gatherChannels(Value k) {
    Value perPass = o.scalarIdx(kChannelsPerPass);
    Value whole = o.mul(o.div(channels, perPass), perPass);
    o.loop(o.scalarIdx(0), whole, kChannelsPerPass,
           [&](Value ci) { gatherChannelsFrom(k, ci, kChannelsPerPass); });
    o.loop(whole, channels, 1, [&](Value ci) { gatherChannelsFrom(k, ci, 1); });
  }

  /// cols[(ci + u)*K + k, q] for u < count: each pixel vector's corners
  /// (their offsets, whether inside, weights, mask) are read once for the
  /// `count` channels, and every load comes before the stores.
  void gatherChannelsFrom(Value k, Value ci, int64_t count) {
    Value zeroI8 = arith::ConstantOp::create(
        b, DenseElementsAttr::get(vec(b.getI8Type()), b.getI8IntegerAttr(0)));
    Value batchBase = o.mul(op.getBatch(), input.strides[0]);
    o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
      Value in[4], weight[4], offsets[4];
      SmallVector<Value> starts[4];
      for (int64_t i = 0; i < 4; ++i) {
        SmallVector<Value, 2> at = {o.scalarIdx(i), q};
        in[i] = arith::CmpIOp::create(
            b, arith::CmpIPredicate::ne,
            vector::LoadOp::create(b, vec(b.getI8Type()), inside, at), zeroI8);
        weight[i] = vector::LoadOp::create(b, vec(ct), weights, at);
        if (pairs && i % 2 == 0)
          for (int64_t j = 0; j < width; ++j)
            starts[i].push_back(memref::LoadOp::create(
                b, spatial, ValueRange{o.scalarIdx(i), o.add(q, o.scalarIdx(j))}));
        if (!pairs)
          offsets[i] = vector::LoadOp::create(b, vec(b.getI32Type()), spatial, at);
      }
      Value mask = maskView ? vector::LoadOp::create(b, vec(ct), maskValues,
                                                     ValueRange{q})
                            : Value();
      SmallVector<Value> sums;
      for (int64_t u = 0; u < count; ++u) {
        Value c = o.add(ci, o.scalarIdx(u));
        std::array<Value, 4> values;
        if (pairs)
          values = pairValues(o.add(batchBase, planeIndexOf(c)),
                              [&](int64_t i, int64_t j) { return starts[i][j]; });
        Value sum = v.f(ct, 0);
        for (int64_t i = 0; i < 4; ++i) {
          Value value =
              pairs ? v.select(in[i], values[i], v.f(ct, 0))
                    : gatherInBounds(v, input,
                                     arith::AddIOp::create(b, offsets[i],
                                                           planeOf(c)),
                                     ct, in[i], batchBase);
          sum = v.fma(value, weight[i], sum);
        }
        sums.push_back(mask ? v.fmul(sum, mask) : sum);
      }
      for (int64_t u = 0; u < count; ++u) {
        Value row = o.add(o.mul(o.add(ci, o.scalarIdx(u)), s.taps), k);
        vector::StoreOp::create(b, sums[u], op.getCols(), ValueRange{row, q});
      }
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
  bool pairs = false; // corners read as pairs (CornerPairs.h)
  bool offsetRows = false, maskRows = false; // rows read as vectors
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
