//===- ConvSampling.h - where a conv2d sample reads, lane-generic -*- C++ -*-===//
//
// The index and coordinate formulas of a deformable convolution's samples
// (SEMANTICS 1 and 1.1), written once for every lowering: the offset and mask
// channels of a (group, tap), the linear index of an element of the offset,
// mask or input operand (any layout: through strided flat views), and the
// sample coordinates of a tap. Pixel operands may be scalars or lanes.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_COMMON_CONVSAMPLING_H
#define DEFORM_CODEGEN_COMMON_CONVSAMPLING_H

#include "deform/Codegen/Common/Sampling.h"

namespace mlir::deform {

/// What sampling needs of a deform.conv2d or deform.sample_columns.
struct ConvSampling {
  int64_t kh, kw, taps, strideH, strideW, dilH, dilW, offsetGroups;
  bool planar, nhwc;
  Boundary boundary;
  /// The input image (height and width read from the input operand).
  SamplePlane plane;

  static ConvSampling of(Ops &o, Conv2dOp op);
  static ConvSampling of(Ops &o, SampleColumnsOp op);

  /// Offset channel holding component 0 (dy) or 1 (dx) of tap k of group g.
  Value offsetChannel(Ops &o, Value group, Value k, int64_t component) const;
  /// Mask channel of tap k of group g.
  Value maskChannel(Ops &o, Value group, Value k) const;
  /// Loads (batch, channel, y, x) of an offset- or mask-shaped view
  /// (planar [B, ch, Ho, Wo] or interleaved [B, Ho, Wo, ch]) as `t`: the
  /// batch's part of the index is a scalar base, the rest is computed in
  /// the integer type of y and x (index, or i32 lanes).
  Value gatherSample(Ops &o, const FlatView &view, Value batch, Value channel,
                     Value y, Value x, FloatType t) const;
  /// The part of an input element's linear index that depends on the pixel
  /// (row, col), and the part that depends on (batch, channel): their sum
  /// addresses the element, in either data layout.
  Value pixelIndex(Ops &o, const FlatView &input, Value row, Value col) const;
  Value planeIndex(Ops &o, const FlatView &input, Value batch,
                   Value channel) const;
  /// The split coordinates (h, w) of tap k of the output pixel at absolute
  /// position (absY, absX) (index, or i32 lanes), displaced by (dy, dx).
  std::pair<SplitCoordinate, SplitCoordinate>
  coordinates(Ops &o, Value absY, Value absX, Value k, Value dy,
              Value dx) const;
  /// The bilinear corners of tap k of group `group` at pixel (y, x) of the
  /// offset view (absolute output position absY, absX): loads dy, dx as
  /// `weightType` (the compute type), splits the coordinates, builds the
  /// taps.
  SampleTaps tapsAt(Ops &o, const FlatView &offsets, Value batch, Value group,
                    Value k, Value y, Value x, Value absY, Value absX,
                    FloatType weightType) const;
  /// The same from offsets already read (dy, dx as `weightType`).
  SampleTaps tapsFrom(Ops &o, Value k, Value dy, Value dx, Value absY,
                      Value absX, FloatType weightType) const;
};

} // namespace mlir::deform

#endif
