//===- Sampling.h - bilinear sampling math as MLIR ops ----------*- C++ -*-===//
//
// The one codegen copy of SEMANTICS 1.2 (the float64 reference in
// reference/ is the other), generic over lanes: every function works on
// scalar coordinates or on vectors of them. Every coordinate is compared in
// floating point before it is converted to an integer, so NaN, +-Inf and
// huge offsets never reach fptosi and never produce an out-of-bounds index.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_COMMON_SAMPLING_H
#define DEFORM_CODEGEN_COMMON_SAMPLING_H

#include "deform/Codegen/Common/Builders.h"
#include "deform/Dialect/DeformOps.h"

namespace mlir::deform {

/// The image plane one sample reads, in unpadded coordinates: its height
/// and width (index values, static or not) and the pads, used only by the
/// tf_clamp rule (which clips in padded coordinates).
struct SamplePlane {
  Value height, width;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
};

/// The four bilinear corners of one sample: clamped (always in-bounds) row
/// and column indices, whether each corner really lies in the image (a
/// corner outside reads 0: a masked load or a select, never a multiply, so
/// an Inf pixel nearby cannot leak in as NaN), and its weight. Built once per
/// sample point and reused for every channel that shares the point.
struct SampleTaps {
  Value row[4], col[4]; // index, or i32 lanes (the coordinates' type)
  Value inImage[4];     // i1
  Value weight[4];      // weight float type
};

/// A sample coordinate `base + offset` (an integer position plus a learned
/// offset) held exactly as whole + fraction: `whole` = floor (the base's
/// integer type: index, or i32 lanes), `fraction` in [0, 1] (the offset's
/// float type), and whether the offset was not NaN. The float64 reference
/// forms base + offset in f64, where it is exact; splitting the offset
/// instead (floor and fraction of an f32 are exact) gives the same integer
/// part, so every rule's border decisions match it bit for bit while the
/// arithmetic stays in f32 and i32 lanes. Huge and infinite offsets are
/// clipped to +-2^25 first (past every image: padded sides are < 2^24).
struct SplitCoordinate {
  Value whole, fraction, ordered;
};
SplitCoordinate splitCoordinate(Ops &o, Value base, Value offset);

/// Coefficients of S(X, h, w) for `rule` (SEMANTICS 1.2), from split
/// coordinates; the weights are rounded to `weightType`. A NaN coordinate
/// gives weight 0 on every corner.
SampleTaps buildSampleTaps(Ops &o, Boundary rule, SplitCoordinate h,
                           SplitCoordinate w, const SamplePlane &plane,
                           FloatType weightType);

/// Bilinear read used by RoI pooling (mmcv's RoIAlign rule, SEMANTICS 2.1):
/// 0 if y < -1 || y > H || x < -1 || x > W (or NaN); else clamp to >= 0 and
/// use only the last row/column once past it. The position-sensitive DCN
/// pooling (SEMANTICS 2.2) reads with the same rule once it has skipped
/// samples outside [-0.5, H-0.5].
SampleTaps buildRoiAlignTaps(Ops &o, Value y, Value x, Value height,
                             Value width);

/// sum_i load(row_i, col_i, inImage_i) * weight_i (fused multiply-adds onto
/// `init` when given). `load` returns 0 where inImage is false (a masked
/// gather, or a select of an unconditional in-bounds load), in the weights'
/// type or shape.
Value applySampleTaps(Ops &o, const SampleTaps &taps,
                      function_ref<Value(Value row, Value col, Value inImage)> load,
                      Value init = Value());

/// The float type sampling math runs in: f32 for f16/bf16/f32, else f64.
FloatType getComputeType(Type elementType);

} // namespace mlir::deform

#endif
