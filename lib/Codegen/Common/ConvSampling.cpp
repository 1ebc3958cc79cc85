//===- ConvSampling.cpp - where a conv2d sample reads, lane-generic -------===//
#include "deform/Codegen/Common/ConvSampling.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::deform;

static SamplePlane planeOf(Ops &o, Value input, bool nhwc,
                           ArrayRef<int64_t> pads) {
  auto dim = [&](int64_t d) {
    return o.value(memref::getMixedSize(o.b, o.b.getLoc(), input, d));
  };
  return SamplePlane{dim(nhwc ? 1 : 2), dim(nhwc ? 2 : 3), pads[0], pads[1],
                     pads[2], pads[3]};
}

ConvSampling ConvSampling::of(Ops &o, Conv2dOp op) {
  ConvGeometry g = op.getGeometry();
  ConvSampling s;
  s.kh = g.kh;
  s.kw = g.kw;
  s.taps = g.taps;
  s.strideH = g.strideH;
  s.strideW = g.strideW;
  s.dilH = g.dilH;
  s.dilW = g.dilW;
  s.offsetGroups = g.offsetGroups;
  s.planar = g.planar;
  s.nhwc = g.nhwc;
  s.boundary = op.getBoundary();
  s.plane = planeOf(o, op.getInput(), g.nhwc, op.getPads());
  return s;
}

ConvSampling ConvSampling::of(Ops &o, SampleColumnsOp op) {
  ConvSampling s;
  s.kh = op.getKernel()[0];
  s.kw = op.getKernel()[1];
  s.taps = s.kh * s.kw;
  s.strideH = op.getStrides()[0];
  s.strideW = op.getStrides()[1];
  s.dilH = op.getDilations()[0];
  s.dilW = op.getDilations()[1];
  s.offsetGroups = op.getOffsetGroups();
  s.planar = op.getOffsetLayout() == OffsetLayout::Planar;
  s.nhwc = op.isNHWC();
  s.boundary = op.getBoundary();
  s.plane = planeOf(o, op.getInput(), s.nhwc, op.getPads());
  return s;
}

Value ConvSampling::offsetChannel(Ops &o, Value group, Value k,
                                  int64_t component) const {
  if (planar) // g*2K + 2k + component
    return o.add(o.add(o.mul(group, 2 * taps), o.mul(k, 2)), component);
  // 2*(k*og + g) + component
  return o.add(o.mul(o.add(o.mul(k, offsetGroups), group), 2), component);
}

Value ConvSampling::maskChannel(Ops &o, Value group, Value k) const {
  return planar ? o.add(o.mul(group, taps), k)
                : o.add(o.mul(k, offsetGroups), group);
}

Value ConvSampling::pixelIndex(Ops &o, const FlatView &input, Value row,
                               Value col) const {
  const auto &st = input.strides;
  return o.add(o.mul(row, o.intLike(nhwc ? st[1] : st[2], row)),
               o.mul(col, o.intLike(nhwc ? st[2] : st[3], col)));
}

Value ConvSampling::planeIndex(Ops &o, const FlatView &input, Value batch,
                               Value channel) const {
  const auto &st = input.strides;
  return o.add(o.mul(batch, st[0]), o.mul(channel, nhwc ? st[3] : st[1]));
}

std::pair<SplitCoordinate, SplitCoordinate>
ConvSampling::coordinates(Ops &o, Value absY, Value absX, Value k, Value dy,
                          Value dx) const {
  Value i = o.div(k, kw), j = o.rem(k, kw);
  // Row/column of the tap relative to the stride origin, exact in integers.
  Value row = o.add(o.add(o.mul(absY, strideH), -plane.padTop),
                    o.intLike(o.mul(i, dilH), absY));
  Value col = o.add(o.add(o.mul(absX, strideW), -plane.padLeft),
                    o.intLike(o.mul(j, dilW), absX));
  return {splitCoordinate(o, row, dy), splitCoordinate(o, col, dx)};
}

SampleTaps ConvSampling::tapsAt(Ops &o, const FlatView &offsets, Value batch,
                                Value group, Value k, Value y, Value x,
                                Value absY, Value absX,
                                FloatType weightType) const {
  auto component = [&](int64_t c) {
    return gatherSample(o, offsets, batch, offsetChannel(o, group, k, c), y, x,
                        weightType);
  };
  return tapsFrom(o, k, component(0), component(1), absY, absX, weightType);
}

SampleTaps ConvSampling::tapsFrom(Ops &o, Value k, Value dy, Value dx,
                                  Value absY, Value absX,
                                  FloatType weightType) const {
  auto [h, w] = coordinates(o, absY, absX, k, dy, dx);
  return buildSampleTaps(o, boundary, h, w, plane, weightType);
}

Value ConvSampling::gatherSample(Ops &o, const FlatView &view, Value batch,
                                 Value channel, Value y, Value x,
                                 FloatType t) const {
  // The batch's part as a scalar base; the rest in the pixels' integer type
  // (i32 lanes where the lowering checked that one batch of the view spans
  // less than 2^31 elements).
  Value base = o.mul(batch, view.strides[0]);
  auto stride = [&](int64_t d) { return o.intLike(view.strides[d], y); };
  Value ch = o.intLike(channel, y);
  Value index =
      planar ? o.add(o.mul(ch, stride(1)),
                     o.add(o.mul(y, stride(2)), o.mul(x, stride(3))))
             : o.add(o.add(o.mul(y, stride(1)), o.mul(x, stride(2))),
                     o.mul(ch, stride(3)));
  return gather(o, view, index, t, Value(), base);
}
