//===- ConvGeometry.h - the decoded sizes of a deform.conv2d ----*- C++ -*-===//
//
// One place that reads a deform.conv2d's shapes and attributes by layout, for
// the verifiers, the tiling interface, the configure passes and every
// lowering. Image and output extents may be ShapedType::kDynamic; channels
// and the kernel are static wherever code is generated.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_DIALECT_CONVGEOMETRY_H
#define DEFORM_DIALECT_CONVGEOMETRY_H

#include <cstdint>
#include <numeric>

namespace mlir::deform {

struct ConvGeometry {
  // Sizes of the input (a tile's input is its batch slice, whole image).
  int64_t batch, channels, height, width;
  // All output channels (the weight is never sliced along them) and the
  // input channels per weight group that this op (or tile) sums.
  int64_t outChannels, reductionChannels;
  int64_t kh, kw, taps;
  int64_t groups, offsetGroups;
  int64_t strideH, strideW, dilH, dilW, padTop, padLeft, padBottom, padRight;
  bool nhwc, planar, groupsOnOutput, hwoi;
  /// Weights [kh, kw, in, out] (linalg's HWCF; regular convolutions only).
  bool hwio = false;

  int64_t channelsPerGroup() const { return channels / groups; }
  int64_t outChannelsPerGroup() const { return outChannels / groups; }
  /// Output channels that share one weight group and one offset group: they
  /// read the same sampled columns.
  int64_t outputBlock() const {
    return groupsOnOutput
               ? std::gcd(outChannelsPerGroup(), outChannels / offsetGroups)
               : outChannelsPerGroup();
  }
  /// Input channels of one weight group that share one offset group: a
  /// sampling chunk never straddles them.
  int64_t channelSegment() const {
    return groupsOnOutput
               ? channelsPerGroup()
               : std::gcd(channelsPerGroup(), channels / offsetGroups);
  }
  /// Dimension indices of the output / input by data layout.
  int64_t channelDim() const { return nhwc ? 3 : 1; }
  int64_t rowDim() const { return nhwc ? 1 : 2; }
  int64_t columnDim() const { return nhwc ? 2 : 3; }
  /// Dimension indices of offset / mask by offset layout.
  int64_t sampleChannelDim() const { return planar ? 1 : 3; }
  int64_t sampleRowDim() const { return planar ? 2 : 1; }
  int64_t sampleColumnDim() const { return planar ? 3 : 2; }
  /// Dimension indices of the weight by weight layout.
  int64_t weightOutDim() const { return hwoi ? 2 : hwio ? 3 : 0; }
  int64_t weightInDim() const { return hwoi ? 3 : hwio ? 2 : 1; }
  /// Kernel dimensions come first in the weight (HWOI, HWIO).
  bool kernelFirst() const { return hwoi || hwio; }
};

} // namespace mlir::deform

#endif
