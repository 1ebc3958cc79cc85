//===- SampleColumns.cpp - deform.sample_columns by a GPU workgroup -------===//
//
// One thread per (tap, pixel) of the column tile at a time (consecutive
// threads take consecutive pixels: coalesced offset reads, conflict-free
// shared-memory writes): the thread forms the sample's coordinates, its
// bilinear corners and weights and the mask once, then samples every
// channel of the chunk with them. Every corner index is clamped into the
// image and a corner outside it is selected away after an in-bounds load,
// so no offset value reads out of bounds (SEMANTICS 1.3).
//
//===----------------------------------------------------------------------===//
#include "LowerGpu.h"

#include "deform/Codegen/Common/ConvSampling.h"

using namespace mlir;
using namespace mlir::deform;

LogicalResult mlir::deform::lowerSampleColumnsOnGpu(ImplicitLocOpBuilder &b,
                                                    SampleColumnsOp op,
                                                    gpu::LaunchOp launch) {
  Ops o(b);
  auto ct = cast<FloatType>(op.getCols().getType().getElementType());
  ConvSampling s = ConvSampling::of(o, op);
  auto dim = [&](Value v, int64_t d) {
    return o.value(memref::getMixedSize(b, b.getLoc(), v, d));
  };
  Value offsets = op.getOffset();
  Value tileH = dim(offsets, s.planar ? 2 : 1);
  Value tileW = dim(offsets, s.planar ? 3 : 2);
  Value lastPixel = o.sub(o.mul(tileH, tileW), o.scalarIdx(1));
  Value pixels = dim(op.getCols(), 1);
  Value channels = o.div(dim(op.getCols(), 0), s.taps);
  FlatView input = makeFlatView(b, op.getInput());
  FlatView offsetView = makeFlatView(b, offsets);
  std::optional<FlatView> maskView;
  if (op.getMask())
    maskView = makeFlatView(b, op.getMask());
  Value batch = op.getBatch(), group = op.getGroup();

  WorkgroupThreads threads = WorkgroupThreads::of(o, launch);
  threads.strided(o, o.mul(pixels, o.scalarIdx(s.taps)), [&](Value pair) {
    Value k = o.div(pair, pixels), q = o.rem(pair, pixels);
    Value p = o.min(o.add(op.getPixel(), q), lastPixel);
    Value y = o.div(p, tileW), x = o.rem(p, tileW);
    Value absY = o.add(op.getRow(), y), absX = o.add(op.getCol(), x);
    SampleTaps taps =
        s.tapsAt(o, offsetView, batch, group, k, y, x, absY, absX, ct);
    Value mask;
    if (maskView)
      mask = s.gatherSample(o, *maskView, batch, s.maskChannel(o, group, k),
                            y, x, ct);
    o.loop(channels, [&](Value ci) {
      Value plane = s.planeIndex(o, input, batch, o.add(op.getChannel(), ci));
      Value v = applySampleTaps(o, taps, [&](Value row, Value col, Value in) {
        return gather(o, input, o.add(plane, s.pixelIndex(o, input, row, col)),
                      ct, in);
      });
      if (mask)
        v = o.fmul(v, mask);
      memref::StoreOp::create(b, v, op.getCols(),
                              ValueRange{o.add(o.mul(ci, s.taps), k), q});
    });
  });
  return success();
}
