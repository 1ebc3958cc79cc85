//===- ConvLowering.cpp - deform.conv2d to sampling loops + micro-kernel --===//
#include "Lowering.h"
#include "LoweringUtils.h"
#include "OpUtils.h"
#include "Passes.h"
#include "../Codegen/Sampling.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <numeric>

using namespace mlir;
using namespace mlir::deform;
using namespace mlir::deform::detail;

namespace {
//===----------------------------------------------------------------------===//
// deform.conv2d
//===----------------------------------------------------------------------===//

/// Static geometry of one convolution, in the op's own terms.
struct ConvGeometry {
  int64_t batch, channels, height, width, outChannels, kh, kw, taps;
  int64_t groups, offsetGroups;
  int64_t strideH, strideW, dilH, dilW, padTop, padLeft, padBottom, padRight;
  bool nhwc, planar, groupsOnOutput, hwoi;

  explicit ConvGeometry(Conv2dOp op) {
    ArrayRef<int64_t> in = cast<ShapedType>(op.getInput().getType()).getShape();
    ArrayRef<int64_t> w = cast<ShapedType>(op.getWeight().getType()).getShape();
    nhwc = op.isNHWC();
    batch = in[0];
    channels = nhwc ? in[3] : in[1];
    height = nhwc ? in[1] : in[2];
    width = nhwc ? in[2] : in[3];
    hwoi = op.getWeightLayout() == WeightLayout::HWOI;
    outChannels = hwoi ? w[2] : w[0];
    kh = op.getKernelH();
    kw = op.getKernelW();
    taps = kh * kw;
    groups = op.getGroups();
    offsetGroups = op.getOffsetGroups();
    strideH = op.getStrides()[0];
    strideW = op.getStrides()[1];
    dilH = op.getDilations()[0];
    dilW = op.getDilations()[1];
    padTop = op.getPads()[0];
    padLeft = op.getPads()[1];
    padBottom = op.getPads()[2];
    padRight = op.getPads()[3];
    planar = op.getOffsetLayout() == OffsetLayout::Planar;
    groupsOnOutput = op.getOffsetGroupAxis() == OffsetGroupAxis::Output;
  }
  int64_t channelsPerGroup() const { return channels / groups; }
  int64_t outChannelsPerGroup() const { return outChannels / groups; }
  /// Output channels that share one weight group and one offset group: they
  /// use the same sampled columns.
  int64_t outputBlock() const {
    return groupsOnOutput ? std::gcd(outChannelsPerGroup(),
                                     outChannels / offsetGroups)
                          : outChannelsPerGroup();
  }
  /// Input channels (of one weight group) that share one offset group.
  int64_t channelSegment() const {
    return groupsOnOutput ? channelsPerGroup()
                          : std::gcd(channelsPerGroup(),
                                     channels / offsetGroups);
  }
};

class ConvLowering {
public:
  ConvLowering(Conv2dOp op, ImplicitLocOpBuilder &b)
      : op(op), g(op), b(b), e{b},
        ct(getComputeType(cast<ShapedType>(op.getInput().getType())
                              .getElementType())) {}

  /// Reads the tile configuration; fails with a message naming the op.
  LogicalResult configure() {
    auto sizes = op->getAttrOfType<DenseI64ArrayAttr>(kTileSizesAttr);
    if (!sizes || sizes.size() != 4 ||
        llvm::any_of(sizes.asArrayRef(), [](int64_t v) { return v < 1; }))
      return op.emitOpError()
             << "needs attribute '" << kTileSizesAttr
             << "' = array<i64: batch, rows, columns, channels>, each >= 1 "
                "(run deform-select-tile-sizes first)";
    if (g.channels * g.height * g.width >= (int64_t(1) << 31))
      return op.emitOpError()
             << "has an image of " << g.channels * g.height * g.width
             << " elements per batch; the gathers address at most 2^31";
    // Whole vectors of pixels; extra columns repeat the last pixel and are
    // dropped by storeTile.
    int64_t pixels = sizes[1] * sizes[2];
    tilePixels = (pixels + vectorWidth() - 1) / vectorWidth() * vectorWidth();
    // Chunks must not straddle an offset group (see channelSegment).
    tileChannels = largestDivisorAtMost(g.channelSegment(), sizes[3]);
    return success();
  }

  /// The whole op: chunks of tilePixels output pixels, in parallel unless the
  /// op already runs inside a parallel tile loop.
  LogicalResult run(bool parallel) {
    if (failed(configure()))
      return failure();
    Value init = op.getInit();
    batchSize = e.value(dimSize(b, b.getLoc(), init, 0));
    tileH = e.value(dimSize(b, b.getLoc(), init, g.nhwc ? 1 : 2));
    tileW = e.value(dimSize(b, b.getLoc(), init, g.nhwc ? 2 : 3));
    originY = op.isTile() ? op.getTileOrigin()[0] : e.idx(0);
    originX = op.isTile() ? op.getTileOrigin()[1] : e.idx(0);
    numPixels = e.mul(tileH, tileW);
    Value numChunks = e.div(e.add(numPixels, tilePixels - 1), tilePixels);

    Value weights = weightMatrix();
    int64_t block = g.outputBlock();
    // Scratch per thread: the sampled columns and the accumulator tile.
    auto scratch = [&](auto body) {
      Value cols = memref::AllocOp::create(
          b, MemRefType::get({tileChannels * g.taps, tilePixels}, ct));
      Value acc =
          memref::AllocOp::create(b, MemRefType::get({block, tilePixels}, ct));
      tapScratch = allocTapScratch();
      body(cols, acc);
      memref::DeallocOp::create(b, cols);
      memref::DeallocOp::create(b, acc);
      freeTapScratch(tapScratch);
    };
    auto chunk = [&](Value cols, Value acc, Value batch, Value chunkIndex) {
      Value firstPixel = e.mul(chunkIndex, tilePixels);
      e.loop(g.outChannels / block, [&](Value blockIndex) {
        Value firstOut = e.mul(blockIndex, block);
        linalg::FillOp::create(b, ValueRange{e.fconst(ct, 0.0)}, ValueRange{acc});
        e.loop(e.idx(0), e.idx(g.channelsPerGroup()), tileChannels,
               [&](Value firstChannel) {
                 sampleColumns(cols, tapScratch, batch, firstPixel, firstOut,
                               firstChannel);
                 accumulate(weights, cols, acc, firstOut, firstChannel, block);
               });
        storeTile(acc, batch, firstPixel, firstOut, block);
      });
    };
    if (parallel) {
      auto loop = scf::ParallelOp::create(b, ValueRange{e.idx(0), e.idx(0)},
                                          ValueRange{batchSize, numChunks},
                                          ValueRange{e.idx(1), e.idx(1)});
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      scratch([&](Value cols, Value acc) {
        chunk(cols, acc, loop.getInductionVars()[0], loop.getInductionVars()[1]);
      });
    } else {
      scratch([&](Value cols, Value acc) {
        e.loop(e.idx(0), batchSize, 1, [&](Value batch) {
          e.loop(e.idx(0), numChunks, 1,
                 [&](Value c) { chunk(cols, acc, batch, c); });
        });
      });
    }
    if (packedWeights)
      memref::DeallocOp::create(b, packedWeights);
    return success();
  }

  /// The scalar implementation at one point (batch, row, column) of the op's
  /// output, all output channels: the TilingInterface exit path.
  void emitPoint(Value batch, Value y, Value x) {
    Value absY = op.isTile() ? e.add(op.getTileOrigin()[0], y) : y;
    Value absX = op.isTile() ? e.add(op.getTileOrigin()[1], x) : x;
    SamplePlane plane{g.height, g.width, g.padTop, g.padLeft, g.padBottom,
                      g.padRight};
    int64_t cg = g.channelsPerGroup(), ocg = g.outChannelsPerGroup();
    e.loop(g.outChannels, [&](Value o) {
      Value group = e.div(o, ocg);
      Value init = op.getBias() ? e.load(op.getBias(), {o}, ct) : e.fconst(ct, 0);
      auto overChannels = scf::ForOp::create(b, e.idx(0), e.idx(cg), e.idx(1),
                                             ValueRange{init});
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(overChannels.getBody());
        Value ci = overChannels.getInductionVar();
        Value c = e.add(e.mul(group, cg), ci);
        Value offsetGroup =
            g.groupsOnOutput ? e.div(o, g.outChannels / g.offsetGroups)
                             : e.div(c, g.channels / g.offsetGroups);
        auto overTaps = scf::ForOp::create(b, e.idx(0), e.idx(g.taps), e.idx(1),
                                           overChannels.getRegionIterArgs());
        {
          OpBuilder::InsertionGuard guard2(b);
          b.setInsertionPointToStart(overTaps.getBody());
          Value k = overTaps.getInductionVar();
          Value v = sampleAt(batch, offsetGroup, k, y, x, absY, absX, c, plane);
          Value i = e.div(k, g.kw), j = e.rem(k, g.kw);
          Value w = e.load(op.getWeight(),
                           g.hwoi ? ValueRange{i, j, o, ci} : ValueRange{o, ci, i, j},
                           ct);
          Value sum = arith::AddFOp::create(
              b, overTaps.getRegionIterArgs()[0], arith::MulFOp::create(b, w, v));
          scf::YieldOp::create(b, ValueRange{sum});
        }
        scf::YieldOp::create(b, overTaps.getResults());
      }
      e.store(overChannels.getResult(0), op.getInit(),
              g.nhwc ? ValueRange{batch, y, x, o} : ValueRange{batch, o, y, x});
    });
  }

private:
  /// The weights as an [OC, C/G * kh*kw] matrix whose column ci*K + k holds
  /// tap k of input channel ci: a view for OIHW, a packed copy for HWOI.
  Value weightMatrix() {
    Value w = op.getWeight();
    auto type = cast<MemRefType>(w.getType());
    int64_t cols = g.channelsPerGroup() * g.taps;
    if (!g.hwoi && type.getLayout().isIdentity())
      return memref::CollapseShapeOp::create(
          b, w, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
    Value packed = memref::AllocOp::create(
        b, MemRefType::get({g.outChannels, cols}, type.getElementType()));
    e.loop(g.outChannels, [&](Value o) {
      e.loop(g.channelsPerGroup(), [&](Value ci) {
        e.loop(g.kh, [&](Value i) {
          e.loop(g.kw, [&](Value j) {
            Value v = memref::LoadOp::create(
                b, w, g.hwoi ? ValueRange{i, j, o, ci} : ValueRange{o, ci, i, j});
            Value col = e.add(e.mul(ci, g.taps), e.add(e.mul(i, g.kw), j));
            memref::StoreOp::create(b, v, packed, ValueRange{o, col});
          });
        });
      });
    });
    packedWeights = packed;
    return packed;
  }

  /// Per-thread scratch of the sampling: for each pixel of a chunk, its
  /// output row/column and, for the current tap, the four corners (rows r0,
  /// r1 and columns c0, c1, whether each corner is inside, its weight) and
  /// the mask value.
  struct TapScratch {
    Value pixelRow, pixelCol; // [P] index
    Value spatial;            // [4, P] i32: corner offset within one image
    Value inside;             // [4, P] i8
    Value weights;            // [4, P] compute type
    Value mask;               // [P] compute type
  };

  TapScratch allocTapScratch() {
    auto alloc = [&](ArrayRef<int64_t> shape, Type t) {
      return memref::AllocOp::create(b, MemRefType::get(shape, t)).getResult();
    };
    Type index = b.getIndexType();
    return {alloc({tilePixels}, index), alloc({tilePixels}, index),
            alloc({4, tilePixels}, b.getI32Type()),
            alloc({4, tilePixels}, b.getI8Type()), alloc({4, tilePixels}, ct),
            alloc({tilePixels}, ct)};
  }

  void freeTapScratch(const TapScratch &t) {
    for (Value v : {t.pixelRow, t.pixelCol, t.spatial, t.inside, t.weights, t.mask})
      memref::DeallocOp::create(b, v);
  }

  /// cols[ci*K + k, q] = mask * S(X[b, c], py, px) for the chunk's channels.
  /// Two passes per tap, each a loop over the chunk's pixels with no
  /// loop-carried dependence, so LLVM vectorizes both: the first computes
  /// the bilinear corners once per pixel, the second gathers them for every
  /// channel.
  void sampleColumns(Value cols, const TapScratch &t, Value batch,
                     Value firstPixel, Value firstOut, Value firstChannel) {
    int64_t cg = g.channelsPerGroup();
    Value group = e.div(firstOut, g.outChannelsPerGroup());
    Value firstInput = e.add(e.mul(group, cg), firstChannel);
    // One offset group for the whole chunk (chunks never straddle one).
    Value offsetGroup =
        g.groupsOnOutput ? e.div(firstOut, g.outChannels / g.offsetGroups)
                         : e.div(firstInput, g.channels / g.offsetGroups);
    Value lastPixel = e.sub(numPixels, e.idx(1));
    SamplePlane plane{g.height, g.width, g.padTop, g.padLeft, g.padBottom,
                      g.padRight};
    e.loop(tilePixels, [&](Value q) {
      // Columns past the last pixel repeat it; storeTile drops them.
      Value pixel = e.min(e.add(firstPixel, q), lastPixel);
      memref::StoreOp::create(b, e.div(pixel, tileW), t.pixelRow, ValueRange{q});
      memref::StoreOp::create(b, e.rem(pixel, tileW), t.pixelCol, ValueRange{q});
    });
    int64_t width = vectorWidth();
    FlatView offsets = flatView(op.getOffset());
    std::optional<FlatView> masks;
    if (op.getMask())
      masks = flatView(op.getMask());
    Type f64 = b.getF64Type();
    e.loop(g.taps, [&](Value k) {
      Value i = e.div(k, g.kw), j = e.rem(k, g.kw);
      // Row/column of the tap relative to the output pixel's stride origin.
      Value tapRow = e.add(e.mul(i, g.dilH), -g.padTop);
      Value tapCol = e.add(e.mul(j, g.dilW), -g.padLeft);
      e.loop(e.idx(0), e.idx(tilePixels), width, [&](Value q) {
        Type indexVec = VectorType::get({width}, b.getIndexType());
        Value y = vector::LoadOp::create(b, indexVec, t.pixelRow, ValueRange{q});
        Value x = vector::LoadOp::create(b, indexVec, t.pixelCol, ValueRange{q});
        auto coordinate = [&](Value pixel, Value origin, int64_t stride,
                              Value tap, int64_t component) {
          Value abs = arith::AddIOp::create(b, pixel, splat(origin, indexVec));
          Value pos = arith::AddIOp::create(
              b, arith::MulIOp::create(b, abs, splat(e.idx(stride), indexVec)),
              splat(tap, indexVec));
          Value asFloat = arith::SIToFPOp::create(
              b, VectorType::get({width}, f64),
              arith::IndexCastOp::create(
                  b, VectorType::get({width}, b.getI64Type()), pos));
          Value delta = gather(offsets,
                               sampleIndex(offsets, batch, offsetChannel(
                                   offsetGroup, k, component), y, x),
                               f64);
          return arith::AddFOp::create(b, asFloat, delta).getResult();
        };
        Value h = coordinate(y, originY, g.strideH, tapRow, 0);
        Value w = coordinate(x, originX, g.strideW, tapCol, 1);
        SampleTaps taps = buildSampleTaps(b, op.getBoundary(), h, w, plane, ct);
        for (int64_t c = 0; c < 4; ++c) {
          SmallVector<Value, 2> at = {e.idx(c), q};
          // Offset of the corner within one image (channel part added later).
          Value spatial = arith::AddIOp::create(
              b, arith::MulIOp::create(b, taps.row[c],
                                       splat(e.idx(g.width), indexVec)),
              taps.col[c]);
          if (g.nhwc)
            spatial = arith::MulIOp::create(b, spatial,
                                            splat(e.idx(g.channels), indexVec));
          Value spatial32 = arith::IndexCastOp::create(
              b, VectorType::get({width}, b.getI32Type()), spatial);
          vector::StoreOp::create(b, spatial32, t.spatial, at);
          Value in = arith::ExtUIOp::create(
              b, VectorType::get({width}, b.getI8Type()), taps.inImage[c]);
          vector::StoreOp::create(b, in, t.inside, at);
          vector::StoreOp::create(b, taps.weight[c], t.weights, at);
        }
        if (masks) {
          Value channel = g.planar ? e.add(e.mul(offsetGroup, g.taps), k)
                                   : e.add(e.mul(k, g.offsetGroups), offsetGroup);
          Value m = gather(*masks, sampleIndex(*masks, batch, channel, y, x), ct);
          vector::StoreOp::create(b, m, t.mask, ValueRange{q});
        }
      });
      gatherChannels(cols, t, batch, firstInput, k);
    });
  }

  FlatView flatView(Value mem) { return makeFlatView(e, mem); }
  Value splat(Value scalar, Type vectorType) {
    return vector::BroadcastOp::create(b, vectorType, scalar);
  }

  /// Linear index of (batch, channel, y[lane], x[lane]) in an offset- or
  /// mask-shaped operand (planar [B, ch, Ho, Wo] or interleaved
  /// [B, Ho, Wo, ch]).
  Value sampleIndex(const FlatView &view, Value batch, Value channel, Value y,
                    Value x) {
    auto vecType = cast<VectorType>(y.getType());
    const auto &st = view.strides;
    Value base = e.add(e.mul(batch, st[0]),
                       e.mul(channel, g.planar ? st[1] : st[3]));
    Value yStride = g.planar ? st[2] : st[1], xStride = g.planar ? st[3] : st[2];
    Value lin = arith::AddIOp::create(
        b, arith::MulIOp::create(b, y, splat(yStride, vecType)),
        arith::MulIOp::create(b, x, splat(xStride, vecType)));
    return arith::AddIOp::create(b, lin, splat(base, vecType));
  }

  /// Channel of the offset tensor holding component (0: dy, 1: dx) of tap k.
  Value offsetChannel(Value group, Value k, int64_t component) {
    if (g.planar)
      return e.add(e.add(e.mul(group, 2 * g.taps), e.mul(k, 2)), component);
    return e.add(e.mul(e.add(e.mul(k, g.offsetGroups), group), 2), component);
  }

  /// All-lanes gather of `view` at `index`, converted to `type` lanes.
  Value gather(const FlatView &view, Value index, Type type) {
    int64_t width = cast<VectorType>(index.getType()).getNumElements();
    Type elt = cast<MemRefType>(view.flat.getType()).getElementType();
    auto vecType = VectorType::get({width}, elt);
    Value all = arith::ConstantOp::create(
        b, DenseElementsAttr::get(VectorType::get({width}, b.getI1Type()), true));
    Value v = vector::GatherOp::create(b, vecType, view.flat,
                                       ValueRange{e.idx(0)}, index, all,
                                       zeroOf(vecType));
    auto resultType = VectorType::get({width}, type);
    if (type == elt)
      return v;
    if (cast<FloatType>(type).getWidth() > cast<FloatType>(elt).getWidth())
      return arith::ExtFOp::create(b, resultType, v);
    return arith::TruncFOp::create(b, resultType, v);
  }

  /// The image of batch `batch` as one contiguous 1-D buffer (C*H*W).
  Value flatImage(Value batch) {
    Value input = op.getInput();
    auto type = cast<MemRefType>(input.getType());
    SmallVector<OpFoldResult> offsets = {batch, b.getIndexAttr(0),
                                         b.getIndexAttr(0), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
    for (int64_t d = 1; d < 4; ++d)
      sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
    SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
    auto imageType = cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
        {type.getDimSize(1), type.getDimSize(2), type.getDimSize(3)}, type,
        offsets, sizes, strides));
    Value image = memref::SubViewOp::create(b, imageType, input, offsets, sizes,
                                            strides);
    return memref::CollapseShapeOp::create(
        b, image, ArrayRef<ReassociationIndices>{{0, 1, 2}});
  }

  /// cols[ci*K + k, q] for every channel of the chunk, vectors of pixels at a
  /// time: four masked gathers (a corner outside the image is never read),
  /// weighted, times the mask.
  void gatherChannels(Value cols, const TapScratch &t, Value batch,
                      Value firstInput, Value k) {
    int64_t width = vectorWidth();
    auto vec = [&](Type elt) { return VectorType::get({width}, elt); };
    Value image = flatImage(batch);
    Value zero = arith::ConstantOp::create(
        b, DenseElementsAttr::get(vec(ct), b.getFloatAttr(ct, 0.0)));
    Value zeroI8 = arith::ConstantOp::create(
        b, DenseElementsAttr::get(vec(b.getI8Type()), b.getI8IntegerAttr(0)));
    Value imageStart = e.idx(0);
    e.loop(tileChannels, [&](Value ci) {
      Value c = e.add(firstInput, ci);
      Value channelOffset =
          g.nhwc ? c : e.mul(c, g.height * g.width);
      Value channelSplat = vector::BroadcastOp::create(
          b, vec(b.getI32Type()),
          arith::IndexCastOp::create(b, b.getI32Type(), channelOffset));
      Value row = e.add(e.mul(ci, g.taps), k);
      e.loop(e.idx(0), e.idx(tilePixels), width, [&](Value q) {
        Value sum = zero;
        for (int64_t i = 0; i < 4; ++i) {
          SmallVector<Value, 2> at = {e.idx(i), q};
          Value offsets = arith::AddIOp::create(
              b, vector::LoadOp::create(b, vec(b.getI32Type()), t.spatial, at),
              channelSplat);
          Value inside = arith::CmpIOp::create(
              b, arith::CmpIPredicate::ne,
              vector::LoadOp::create(b, vec(b.getI8Type()), t.inside, at), zeroI8);
          Value v = vector::GatherOp::create(b, vec(imageElementType()), image,
                                             ValueRange{imageStart}, offsets,
                                             inside, zeroOf(vec(imageElementType())));
          if (imageElementType() != ct)
            v = arith::ExtFOp::create(b, vec(ct), v);
          Value w = vector::LoadOp::create(b, vec(ct), t.weights, at);
          sum = vector::FMAOp::create(b, v, w, sum);
        }
        if (op.getMask())
          sum = arith::MulFOp::create(
              b, sum, vector::LoadOp::create(b, vec(ct), t.mask, ValueRange{q}));
        vector::StoreOp::create(b, sum, cols, ValueRange{row, q});
      });
    });
  }

  Type imageElementType() {
    return cast<ShapedType>(op.getInput().getType()).getElementType();
  }
  Value zeroOf(VectorType t) {
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(t, b.getFloatAttr(t.getElementType(), 0.0)));
  }

  /// Sampling coefficients of tap k at output pixel (y, x) of this op
  /// (absolute output position absY, absX).
  SampleTaps tapsAt(Value batch, Value offsetGroup, Value k, Value y, Value x,
                    Value absY, Value absX, const SamplePlane &plane) {
    Value i = e.div(k, g.kw), j = e.rem(k, g.kw);
    Value row = e.add(e.add(e.mul(absY, g.strideH), -g.padTop), e.mul(i, g.dilH));
    Value col = e.add(e.add(e.mul(absX, g.strideW), -g.padLeft), e.mul(j, g.dilW));
    // Coordinates in f64, as the reference forms them (see Sampling.h).
    Type f64 = b.getF64Type();
    Value h = arith::AddFOp::create(b, e.toFloat(row, f64),
                                    offsetValue(batch, offsetGroup, k, y, x, 0, f64));
    Value w = arith::AddFOp::create(b, e.toFloat(col, f64),
                                    offsetValue(batch, offsetGroup, k, y, x, 1, f64));
    return buildSampleTaps(b, op.getBoundary(), h, w, plane, ct);
  }

  /// mask * S(X[b, c], py, px) for tap k at one output pixel.
  Value sampleAt(Value batch, Value offsetGroup, Value k, Value y, Value x,
                 Value absY, Value absX, Value c, const SamplePlane &plane) {
    SampleTaps t = tapsAt(batch, offsetGroup, k, y, x, absY, absX, plane);
    Value v = applySampleTaps(b, t, [&](Value r, Value col) {
      return e.load(op.getInput(),
                    g.nhwc ? ValueRange{batch, r, col, c} : ValueRange{batch, c, r, col},
                    ct);
    });
    if (op.getMask())
      v = arith::MulFOp::create(b, v, maskValue(batch, offsetGroup, k, y, x));
    return v;
  }

  Value offsetValue(Value batch, Value group, Value k, Value y, Value x,
                    int64_t component, Type type) {
    if (g.planar) {
      Value ch = e.add(e.add(e.mul(group, 2 * g.taps), e.mul(k, 2)), component);
      return e.load(op.getOffset(), {batch, ch, y, x}, type);
    }
    Value ch = e.add(e.mul(e.add(e.mul(k, g.offsetGroups), group), 2), component);
    return e.load(op.getOffset(), {batch, y, x, ch}, type);
  }

  Value maskValue(Value batch, Value group, Value k, Value y, Value x) {
    if (g.planar)
      return e.load(op.getMask(), {batch, e.add(e.mul(group, g.taps), k), y, x}, ct);
    return e.load(op.getMask(), {batch, y, x, e.add(e.mul(k, g.offsetGroups), group)},
                  ct);
  }

  /// acc[o, q] += W[firstOut + o, firstChannel*K + kk] * cols[kk, q].
  /// A register-tiled micro-kernel: blocks of 16/`vectors` output channels x
  /// `vectors` vectors of pixels stay in registers across the whole depth,
  /// each step broadcasting one weight per row and doing one vector FMA per
  /// accumulator.
  void accumulate(Value weights, Value cols, Value acc, Value firstOut,
                  Value firstChannel, int64_t block) {
    int64_t depth = tileChannels * g.taps;
    Value firstCol = e.mul(firstChannel, g.taps);
    int64_t width = vectorWidth(), perTile = tilePixels / width;
    int64_t vectors = perTile % 4 == 0 ? 4 : perTile % 3 == 0 ? 3
                                       : perTile % 2 == 0 ? 2 : 1;
    // About 16 accumulators whatever the width: enough independent FMAs to
    // hide their latency, few enough to stay in the 32 vector registers.
    const int64_t kRows = 16 / vectors;
    auto vecType = VectorType::get({width}, ct);
    auto kernel = [&](Value row0, int64_t rows, Value col0) {
      SmallVector<Value> init;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t v = 0; v < vectors; ++v)
          init.push_back(vector::LoadOp::create(
              b, vecType, acc,
              ValueRange{e.add(row0, r), e.add(col0, v * width)}));
      auto loop = scf::ForOp::create(b, e.idx(0), e.idx(depth), e.idx(1), init);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(loop.getBody());
        Value kk = loop.getInductionVar();
        SmallVector<Value> colVecs;
        for (int64_t v = 0; v < vectors; ++v)
          colVecs.push_back(vector::LoadOp::create(
              b, vecType, cols, ValueRange{kk, e.add(col0, v * width)}));
        SmallVector<Value> next;
        for (int64_t r = 0; r < rows; ++r) {
          Value w = e.load(weights,
                           {e.add(e.add(firstOut, row0), r), e.add(firstCol, kk)},
                           ct);
          Value wv = vector::BroadcastOp::create(b, vecType, w);
          for (int64_t v = 0; v < vectors; ++v)
            next.push_back(vector::FMAOp::create(
                b, wv, colVecs[v], loop.getRegionIterArgs()[r * vectors + v]));
        }
        scf::YieldOp::create(b, next);
      }
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t v = 0; v < vectors; ++v)
          vector::StoreOp::create(
              b, loop.getResult(r * vectors + v), acc,
              ValueRange{e.add(row0, r), e.add(col0, v * width)});
    };
    int64_t fullRows = block / kRows * kRows;
    e.loop(e.idx(0), e.idx(tilePixels), vectors * width, [&](Value col0) {
      if (fullRows > 0)
        e.loop(e.idx(0), e.idx(fullRows), kRows,
               [&](Value row0) { kernel(row0, kRows, col0); });
      if (block > fullRows)
        kernel(e.idx(fullRows), block - fullRows, col0);
    });
  }

  /// Pixels per vector register (AVX-512: 16 x f32).
  int64_t vectorWidth() { return ct.getWidth() == 64 ? 8 : 16; }

  /// out[b, firstOut + o, pixel] = acc[o, q] + bias, for the tile's real pixels.
  void storeTile(Value acc, Value batch, Value firstPixel, Value firstOut,
                 int64_t block) {
    Value count = e.min(e.idx(tilePixels), e.sub(numPixels, firstPixel));
    e.loop(block, [&](Value o) {
      Value oc = e.add(firstOut, o);
      Value bias = op.getBias() ? e.load(op.getBias(), {oc}, ct) : Value();
      e.loop(e.idx(0), count, 1, [&](Value q) {
        Value pixel = e.add(firstPixel, q);
        Value y = e.div(pixel, tileW), x = e.rem(pixel, tileW);
        Value v = memref::LoadOp::create(b, acc, ValueRange{o, q});
        if (bias)
          v = arith::AddFOp::create(b, v, bias);
        e.store(v, op.getInit(),
                g.nhwc ? ValueRange{batch, y, x, oc} : ValueRange{batch, oc, y, x});
      });
    });
  }

public:
  Value packedWeights;

private:
  Conv2dOp op;
  ConvGeometry g;
  ImplicitLocOpBuilder &b;
  Emitter e;
  FloatType ct;
  int64_t tilePixels = 0, tileChannels = 0;
  Value batchSize, tileH, tileW, originY, originX, numPixels;
  TapScratch tapScratch;
};

} // namespace

LogicalResult mlir::deform::lowerConv2d(ImplicitLocOpBuilder &b, Conv2dOp op,
                                        bool parallel) {
  return ConvLowering(op, b).run(parallel);
}

void mlir::deform::emitConv2dPoint(ImplicitLocOpBuilder &b, Conv2dOp op,
                                   Value batch, Value y, Value x) {
  ConvLowering(op, b).emitPoint(batch, y, x);
}
