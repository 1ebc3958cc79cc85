//===- Sampling.h - bilinear sampling math as MLIR ops ----------*- C++ -*-===//
//
// The one codegen copy of SEMANTICS.md section 1.2 (the float64 reference in
// reference/ is the other). Every coordinate is compared in floating point
// before it is converted to an integer, so NaN, +-Inf and huge offsets never
// reach fptosi and never produce an out-of-bounds index.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_SAMPLING_H
#define DEFORM_CODEGEN_SAMPLING_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::deform {

/// The image plane one sample reads, in unpadded coordinates. The pads are
/// used only by the tf_clamp rule (which clips in padded coordinates).
struct SamplePlane {
  int64_t height, width;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
};

/// The four bilinear corners of one sample: clamped (always in-bounds) row
/// and column indices, whether each corner really lies in the image (a
/// corner outside reads 0: select, not multiply, so an Inf pixel nearby
/// cannot leak in as NaN), and its weight. Built once per sample point and
/// reused for every channel that shares the point.
struct SampleTaps {
  Value row[4], col[4];     // index
  Value inImage[4];         // i1
  Value weight[4];          // compute float type
};

/// Coefficients of S(X, h, w) for `rule`. `h` and `w` should be f64: the
/// dcnv1 and tf_clamp rules (and RoI pooling's range checks) are
/// discontinuous at the image border, so coordinates are formed and compared
/// exactly as the float64 reference does; the weights are then rounded to
/// `weightType`. A NaN coordinate gives weight 0 on every corner.
SampleTaps buildSampleTaps(ImplicitLocOpBuilder &b, Boundary rule, Value h,
                           Value w, const SamplePlane &plane,
                           FloatType weightType);

/// sum_i select(inImage_i, load(row_i, col_i), 0) * weight_i, where `load`
/// returns a value of the compute type.
Value applySampleTaps(ImplicitLocOpBuilder &b, const SampleTaps &taps,
                      function_ref<Value(Value row, Value col)> load);

/// Bilinear read used by RoI pooling (mmcv's RoIAlign rule, SEMANTICS 2.1):
/// 0 if y < -1 || y > H || x < -1 || x > W (or NaN); else clamp to >= 0 and
/// use only the last row/column once past it. The position-sensitive DCN
/// pooling (SEMANTICS 2.2) reads with the same rule once it has skipped
/// samples outside [-0.5, H-0.5].
SampleTaps buildRoiAlignTaps(ImplicitLocOpBuilder &b, Value y, Value x,
                             int64_t height, int64_t width);

/// The float type sampling math runs in: f32 for f16/bf16/f32, else f64.
FloatType getComputeType(Type elementType);

} // namespace mlir::deform

#endif
