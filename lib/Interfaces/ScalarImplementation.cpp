//===- ScalarImplementation.cpp - deform ops one point at a time ----------===//
//
// TilingInterface::generateScalarImplementation: plain scalar code for one
// point of the iteration domain, built from the shared lane-generic helpers
// of lib/Codegen/Common. Target-independent: it is the correctness baseline
// every target can lower to (deform-lower-to-loops).
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/Common/ConvSampling.h"
#include "deform/Codegen/Common/RoiPooling.h"
#include "deform/Interfaces/Interfaces.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Names the first operand dimension in `dims` that is dynamic.
LogicalResult requireStatic(Operation *op, StringRef operand, Value v,
                            ArrayRef<int64_t> dims, StringRef why) {
  auto type = cast<ShapedType>(v.getType());
  for (int64_t d : dims)
    if (type.isDynamicDim(d))
      return op->emitOpError() << "operand '" << operand << "' dimension " << d
                               << " is dynamic (" << type << "); " << why
                               << " must be static";
  return success();
}

/// conv2d at (batch, output channel, row, column, input channel ci of the
/// tile's reduction): out (+)= sum_k W[o, ci, k] * m * S(X[b, c], py, px),
/// where the first input channel of a weight group (absolute ci = 0)
/// overwrites out with the bias instead of adding to it.
LogicalResult emitConvPoint(ImplicitLocOpBuilder &b, Conv2dOp op,
                            ValueRange ivs) {
  ConvGeometry g = op.getGeometry();
  if (failed(requireStatic(op, "input", op.getInput(), {g.channelDim()},
                           "the input channels")) ||
      failed(requireStatic(op, "weight", op.getWeight(),
                           g.hwoi ? ArrayRef<int64_t>{0, 1, 2}
                                  : ArrayRef<int64_t>{0, 2, 3},
                           "the output channels and the kernel")))
    return failure();
  Ops o(b);
  FloatType ct = getComputeType(op.getInput().getType().getElementType());
  ConvSampling s = ConvSampling::of(o, op);
  Value batch = ivs[0], oc = ivs[1], y = ivs[2], x = ivs[3], ci = ivs[4];
  auto absolute = [&](Value origin, Value v) {
    return origin ? o.add(origin, v) : v;
  };
  Value absOc = absolute(op.getOriginOutChannel(), oc);
  Value absY = absolute(op.getOriginRow(), y);
  Value absX = absolute(op.getOriginColumn(), x);
  Value absCi = absolute(op.getOriginChannel(), ci);
  Value group = o.div(absOc, g.outChannelsPerGroup());
  Value c = o.add(o.mul(group, g.channelsPerGroup()), absCi);
  Value offsetGroup = g.groupsOnOutput
                          ? o.div(absOc, g.outChannels / g.offsetGroups)
                          : o.div(c, g.channels / g.offsetGroups);
  FlatView input = makeFlatView(b, op.getInput());
  FlatView offsets = makeFlatView(b, op.getOffset());
  std::optional<FlatView> masks;
  if (op.getMask())
    masks = makeFlatView(b, op.getMask());
  Value plane = s.planeIndex(o, input, batch, c);

  Value sum = o.loopCarried(
      o.scalarIdx(0), o.scalarIdx(g.taps), o.scalarIdx(1), {o.f(ct, 0)},
      [&](Value k, ValueRange acc) -> SmallVector<Value> {
        SampleTaps taps = s.tapsAt(o, offsets, batch, offsetGroup, k, y, x,
                                   absY, absX, ct);
        Value v = applySampleTaps(o, taps, [&](Value row, Value col, Value in) {
          Value index = o.add(plane, s.pixelIndex(o, input, row, col));
          return gather(o, input, index, ct, in);
        });
        if (masks)
          v = o.fmul(v, s.gatherSample(o, *masks, batch,
                                       s.maskChannel(o, offsetGroup, k), y, x,
                                       ct));
        Value i = o.div(k, g.kw), j = o.rem(k, g.kw);
        Value w = o.load(op.getWeight(),
                         g.hwoi ? ValueRange{i, j, absOc, ci}
                                : ValueRange{absOc, ci, i, j},
                         ct);
        return {o.fma(w, v, acc[0])};
      })[0];

  SmallVector<Value> at = g.nhwc ? SmallVector<Value>{batch, y, x, oc}
                                 : SmallVector<Value>{batch, oc, y, x};
  Value first = o.icmp(arith::CmpIPredicate::eq, absCi, o.scalarIdx(0));
  Value start = o.select(
      first, op.getBias() ? o.load(op.getBias(), {absOc}, ct) : o.f(ct, 0),
      o.load(op.getInit(), at, ct));
  o.store(o.fadd(start, sum), op.getInit(), at);
  return success();
}

/// mmcv roi_pool at (roi, channel): every bin.
LogicalResult emitMmcvPoint(ImplicitLocOpBuilder &b, RoiPoolOp op, Value r,
                            Value c) {
  Ops o(b);
  FloatType f64 = b.getF64Type();
  RoiPooling p = RoiPooling::of(o, op);
  std::pair<Value, Value> batch = p.batchOf(o, r);
  Value bIdx = batch.first, validBatch = batch.second;
  RoiPooling::MmcvRoi g = p.mmcvRoi(o, r);
  o.loop(p.pooledH, [&](Value ph) {
    o.loop(p.pooledW, [&](Value pw) {
      Value v = p.mmcvBin(
          o, g, r, ph, pw, validBatch, o.f(f64, 0),
          [&](const SampleTaps &taps, Value acc) {
            return applySampleTaps(
                o, taps,
                [&](Value row, Value col, Value in) {
                  return o.select(in,
                                  o.load(op.getInput(), {bIdx, c, row, col}, f64),
                                  o.f(f64, 0));
                },
                acc);
          });
      o.store(v, op.getInits()[0], {r, c, ph, pw});
    });
  });
  return success();
}
} // namespace

LogicalResult mlir::deform::emitScalarPoint(OpBuilder &builder, Location loc,
                                            Operation *op, ValueRange ivs) {
  if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
    return op->emitOpError() << "scalar implementation needs buffers (run "
                                "one-shot-bufferize first)";
  ImplicitLocOpBuilder b(loc, builder);
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return emitConvPoint(b, conv, ivs);
  auto roi = cast<RoiPoolOp>(op);
  if (failed(requireStatic(op, "output", roi.getInits()[0],
                           roi.isPositionSensitive() ? ArrayRef<int64_t>{1, 2, 3}
                                                     : ArrayRef<int64_t>{2, 3},
                           roi.isPositionSensitive()
                               ? "the output channels and pooled sizes"
                               : "the pooled sizes")))
    return failure();
  if (!roi.isPositionSensitive())
    return emitMmcvPoint(b, roi, ivs[0], ivs[1]);
  // dcn_psroi iterates over rois only: every output channel here.
  Ops o(b);
  RoiPooling p = RoiPooling::of(o, roi);
  int64_t channels = cast<ShapedType>(roi.getInits()[0].getType()).getDimSize(1);
  o.loop(channels, [&](Value c) {
    p.psroiPoint(o, ivs[0], c, [&](Value bi, Value ch, Value row, Value col) {
      return o.load(roi.getInput(), {bi, ch, row, col}, b.getF64Type());
    });
  });
  return success();
}
