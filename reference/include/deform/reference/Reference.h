//===- Reference.h - float64 reference for the deform ops -------*- C++ -*-===//
//
// Plain C++17 float64 reference implementation of the two deform ops, written
// straight from docs/SEMANTICS.md (the contract). No MLIR/LLVM dependency.
// Every compiled kernel is checked against this code, so it favours being
// obviously correct over being fast (naive loops, double accumulation).
//
// Numerical safety (SEMANTICS 1.3). No value of an offset, mask, trans or roi
// tensor (NaN, +-Inf, +-1e30, -0.0, ...) can cause an out-of-bounds read or
// undefined behaviour: every coordinate is range-checked IN FLOATING POINT
// (with comparisons written so that NaN fails them) before it is floored and
// converted to an integer, so only values already known to lie inside the
// plane are ever converted. The decisions below are part of the contract and
// the compiler's generated code must reproduce them:
//
//  Deformable convolution (conv2d / sample):
//   * A sample whose h or w coordinate is NaN contributes 0, for every
//     boundary rule (it is treated as outside the image; for TFClamp it is
//     NOT clipped).
//   * Zero / DCNv1: +-Inf and huge (+-1e30) coordinates are outside: 0.
//   * TFClamp: +-Inf and huge coordinates clip normally: -Inf (or -1e30) ->
//     padded row/column 0, +Inf (or +1e30) -> the last padded row/column,
//     where all four bilinear weights are 0, so the sample is 0.
//   * -0.0 behaves exactly like +0.0.
//   * The contribution of a tap is weight * mask * sample, in IEEE double
//     arithmetic, with no special-casing: a NaN mask value makes the output
//     NaN (even when the sample is 0: NaN * 0 = NaN), and an infinite mask
//     value gives +-Inf (or NaN when the sample is 0). Offsets alone can never
//     make an output non-finite when input, weight, mask and bias are finite.
//
//  Deformable RoI pooling (roiPool):
//   * Batch index: a roi is valid only if roi[0] > -1 && roi[0] < batch (NaN
//     fails); then b = (int64_t)roi[0] (truncation toward zero, so -0.5 -> 0).
//     An invalid roi writes out = 0 (and count = 0) without reading input.
//   * MMCV: a sample whose y or x is NaN is outside: it contributes 0 but is
//     still counted. Adaptive grid (samplingRatio == 0): g = ceil(rh / PH)
//     computed in double, gh = (g >= 1) ? min(g, kMaxAdaptiveSamples) : 0
//     (NaN -> 0, a zero-size or negative roi -> 0 samples -> output 0); gw
//     likewise; count = max(gh * gw, 1). samplingRatio > 0 is used as is.
//     With finite input and mask the output is always finite: a NaN/Inf roi
//     coordinate or offset gives NaN/Inf sample positions, which are outside.
//     A NaN mask value propagates (output NaN).
//   * DCNPSRoI: round() is applied in double (never converted to an integer);
//     rw = (d < 0.1) ? 0.1 : d with d = ew - sw, so a NaN d gives a NaN rw;
//     a sample is skipped (not counted) unless
//     w >= -0.5 && w <= W - 0.5 && h >= -0.5 && h <= H - 0.5, so NaN samples
//     are skipped; count == 0 gives out = 0. The output is always finite for
//     finite input.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_REFERENCE_REFERENCE_H
#define DEFORM_REFERENCE_REFERENCE_H

#include <cstdint>
#include <string>

namespace deform {
namespace ref {

//===----------------------------------------------------------------------===//
// Deformable convolution (SEMANTICS 1)
//===----------------------------------------------------------------------===//

/// Layout of the input AND the output of conv2d.
///   NCHW: input [B, C, H, W], output [B, OC, Ho, Wo]
///   NHWC: input [B, H, W, C], output [B, Ho, Wo, OC]
enum class DataLayout { NCHW, NHWC };

/// Layout of the offset and mask tensors (K = kernelH * kernelW, og =
/// offsetGroups, k = i * kernelW + j):
///   Planar (torchvision / mmcv / ONNX / MXNet):
///     offset [B, og*2K, Ho, Wo], channel g*2K + 2k + {0: dy, 1: dx};
///     mask   [B, og*K,  Ho, Wo], channel g*K + k.
///   Interleaved (the TF layer):
///     offset [B, Ho, Wo, K*og*2], index 2*(k*og + g) + {0: dy, 1: dx};
///     mask   [B, Ho, Wo, K*og],   index k*og + g.
enum class OffsetLayout { Planar, Interleaved };

/// Which channel axis the offset groups split:
///   InputChannels:  input channel c uses group g = c / (C / og)
///                   (torchvision / mmcv / ONNX / MXNet);
///   OutputChannels: output filter o uses group g = o / (OC / og) for all of
///                   its input channels (the TF layer).
enum class OffsetGroupAxis { InputChannels, OutputChannels };

/// Boundary rule of the bilinear sampler (SEMANTICS 1.2).
///   Zero:    zero-extended image (torchvision, mmcv, ONNX).
///   DCNv1:   0 unless 0 <= h < H && 0 <= w < W; corners past the last
///            row/column replicate it (MXNet DCN v1).
///   TFClamp: clip to [0, Hp-1] x [0, Wp-1] in PADDED coordinates (padded
///            rows/columns are zeros), corners h1 = min(h0+1, Hp-1), weights
///            from the clipped corners (the TF layer).
enum class Boundary { Zero, DCNv1, TFClamp };

/// Weight layout (CG = C / groups):
///   OIHW: [OC, CG, kh, kw];  HWOI: [kh, kw, OC, CG].
enum class WeightLayout { OIHW, HWOI };

struct Conv2dParams {
  int64_t batch = 0, inChannels = 0, inH = 0, inW = 0, outChannels = 0,
          kernelH = 0, kernelW = 0;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  /// Weight groups G: output o reads input channels
  /// c = (o / (OC/G)) * (C/G) + ci, ci < C/G.
  int64_t groups = 1;
  int64_t offsetGroups = 1;
  DataLayout dataLayout = DataLayout::NCHW;
  OffsetLayout offsetLayout = OffsetLayout::Planar;
  OffsetGroupAxis offsetGroupAxis = OffsetGroupAxis::InputChannels;
  Boundary boundary = Boundary::Zero;
  WeightLayout weightLayout = WeightLayout::OIHW;

  /// Ho = floor((inH + padTop + padBottom - ((kernelH-1)*dilationH + 1)) /
  /// strideH) + 1. Floor division (equal to the SEMANTICS integer division
  /// whenever the result is >= 1); may be <= 0 for invalid parameters. Returns
  /// 0 when strideH/kernelH/dilationH < 1 or on int64 overflow.
  int64_t outH() const;
  int64_t outW() const;

  /// Element counts of each tensor (the offset and mask counts are the same
  /// for both offset layouts). They are meaningful for parameters that pass
  /// validate(); they return 0 when a factor is < 1 or the product overflows
  /// int64.
  int64_t inputSize() const;  ///< B*C*H*W
  int64_t offsetSize() const; ///< B*og*2*K*Ho*Wo
  int64_t maskSize() const;   ///< B*og*K*Ho*Wo
  int64_t weightSize() const; ///< OC*(C/G)*kh*kw
  int64_t outputSize() const; ///< B*OC*Ho*Wo
};

/// Returns an empty string when `p` is valid, else one message naming the
/// field, the value found and the value expected, e.g.
///   "inChannels (6) must be divisible by groups (4)".
/// Checks, in this order: every size (batch, inChannels, inH, inW,
/// outChannels, kernelH, kernelW, groups, offsetGroups) >= 1; strides and
/// dilations >= 1; pads >= 0; inChannels and outChannels divisible by groups;
/// the channel count of the chosen offset-group axis divisible by
/// offsetGroups; outH/outW >= 1; no tensor element count overflows int64.
std::string validate(const Conv2dParams &p);

/// Deformable convolution, SEMANTICS 1:
///   out[b,o,y,x] = bias[o] + sum_{ci,i,j} W[o,ci,i,j] * m * S(X[b,c], py, px)
///   py = y*strideH - padTop + i*dilationH + dy   (px likewise)
/// `out` must hold outputSize() elements. `mask` and `bias` may be nullptr
/// (mask = 1, bias = 0). Precondition: validate(p).empty(). Accumulation is in
/// double, in the order ci, i, j; bias is added last. NaN/Inf handling: see
/// the file comment (NaN offset -> exactly 0 contribution, NaN mask -> NaN).
void conv2d(const Conv2dParams &p, const double *input, const double *offset,
            const double *weight, const double *mask, const double *bias,
            double *out);

/// Samples one channel: an H x W plane whose element (r, c) is
/// plane[r*rowStride + c*colStride]. `h`, `w` are UNPADDED coordinates (py, px
/// of SEMANTICS 1). For TFClamp the clip happens in padded coordinates:
/// h + padTop is clipped to [0, H + padTop + padBottom - 1] and padded
/// rows/columns read 0; the other rules ignore the pads. Returns 0 for a NaN
/// coordinate under every rule (see the file comment for +-Inf and huge
/// values). Never reads outside the H x W plane. Preconditions: H, W >= 1,
/// pads >= 0 (H or W < 1 returns 0).
double sample(Boundary rule, const double *plane, int64_t H, int64_t W,
              int64_t rowStride, int64_t colStride, double h, double w,
              int64_t padTop = 0, int64_t padLeft = 0, int64_t padBottom = 0,
              int64_t padRight = 0);

//===----------------------------------------------------------------------===//
// Deformable RoI pooling (SEMANTICS 2)
//===----------------------------------------------------------------------===//

/// Upper bound of the adaptive sampling grid (per axis) of the MMCV variant,
/// applied when samplingRatio == 0: gh = min(ceil(rh / PH), 512).
constexpr int64_t kMaxAdaptiveSamples = 512;

/// MMCV: mmcv DeformRoIPool / ModulatedDeformRoIPoolPack (SEMANTICS 2.1).
/// DCNPSRoI: original DCN DeformablePSROIPooling (SEMANTICS 2.2).
enum class RoiPoolVariant { MMCV, DCNPSRoI };

struct RoiPoolParams {
  RoiPoolVariant variant = RoiPoolVariant::MMCV;
  int64_t batch = 0, channels = 0, inH = 0, inW = 0, numRois = 0,
          outChannels = 0, pooledH = 0, pooledW = 0;
  double spatialScale = 1.0;
  // MMCV only.
  int64_t samplingRatio = 0; ///< 0: adaptive grid (see kMaxAdaptiveSamples)
  double gamma = 0.1;
  // DCNPSRoI only.
  int64_t groupSize = 1, partSize = 1, samplePerPart = 1;
  double transStd = 0.0;
  /// PS: trans is [R, transChannels, partSize, partSize], transChannels =
  /// 2 * num_classes, channel 2*class_id = x, 2*class_id + 1 = y.
  int64_t transChannels = 0;
  /// MMCV: offset [R, 2, PH, PW] present (channel 0 = x, 1 = y).
  /// DCNPSRoI: trans present (no_trans = !hasOffset).
  bool hasOffset = false;
  /// MMCV only (modulated): mask [R, 1, PH, PW], multiplies the result.
  bool hasMask = false;

  /// Returns "" when valid, else one message in the style of
  /// validate(Conv2dParams). Checks: batch, channels, inH, inW, outChannels,
  /// pooledH, pooledW >= 1; numRois >= 0 (zero rois is allowed: empty
  /// output); spatialScale, gamma, transStd finite; samplingRatio >= 0;
  /// MMCV: outChannels == channels. DCNPSRoI: groupSize, partSize,
  /// samplePerPart >= 1; channels == outChannels * groupSize^2; hasMask
  /// false; with hasOffset: transChannels a positive even number and
  /// outChannels divisible by transChannels / 2; no tensor element count
  /// overflows int64.
  std::string validate() const;

  /// Element counts (0 when a factor is < 1 or on overflow; rois/offset/
  /// mask/output are 0 when numRois == 0; offset/mask are 0 when absent).
  int64_t inputSize() const;  ///< batch*channels*inH*inW
  int64_t roisSize() const;   ///< numRois*5
  int64_t offsetSize() const; ///< MMCV: R*2*PH*PW; PS: R*transChannels*partSize^2
  int64_t maskSize() const;   ///< MMCV with hasMask: R*PH*PW
  int64_t outputSize() const; ///< R*outChannels*PH*PW (also the count size)
};

/// Deformable RoI pooling. input NCHW [batch, channels, inH, inW]; rois
/// [R, 5] = (batch_index, x1, y1, x2, y2) in image coordinates; out
/// [R, outChannels, PH, PW]. `offset` is read only when p.hasOffset and `mask`
/// only when p.hasMask (either may be nullptr otherwise). `count` (may be
/// nullptr) has the shape of out and receives the number of samples taken for
/// each output element for DCNPSRoI (as a double); it is not written for
/// MMCV. Precondition: p.validate().empty(). NaN/Inf handling: see the file
/// comment.
void roiPool(const RoiPoolParams &p, const double *input, const double *rois,
             const double *offset, const double *mask, double *out,
             double *count);

} // namespace ref
} // namespace deform

#endif // DEFORM_REFERENCE_REFERENCE_H
