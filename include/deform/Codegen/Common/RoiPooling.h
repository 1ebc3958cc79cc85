//===- RoiPooling.h - deformable RoI pooling bins, lane-generic -*- C++ -*-===//
//
// The roi geometry and bin sampling of both deform.roi_pool variants
// (SEMANTICS 2.1 and 2.2), written once for every lowering. Roi arithmetic is
// scalar, in f64 (the range checks are discontinuous at the border, so
// coordinates are formed as the reference forms them); the sampled values
// may be lanes (several channels of one bin at a time) or scalars.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_COMMON_ROIPOOLING_H
#define DEFORM_CODEGEN_COMMON_ROIPOOLING_H

#include "deform/Codegen/Common/Sampling.h"

namespace mlir::deform {

/// Largest adaptive sampling grid per axis (reference/Reference.h).
inline constexpr int64_t kMaxAdaptiveSamples = 512;

/// What both variants read of one roi_pool op.
struct RoiPooling {
  mutable RoiPoolOp op;
  Value batches, height, width; // of the input (index)
  int64_t pooledH, pooledW;     // static

  static RoiPooling of(Ops &o, RoiPoolOp op);

  /// Column `column` of roi r, as f64.
  Value roi(Ops &o, Value r, int64_t column) const;
  /// Roi r's batch index and whether it is valid: in (-1, N), compared as a
  /// float (NaN fails) before the conversion; an invalid one reads batch 0.
  std::pair<Value, Value> batchOf(Ops &o, Value r) const;

  /// mmcv's roi geometry: start, size, bin size, sampling grid and sample
  /// count, all from the unshifted roi.
  struct MmcvRoi {
    Value startW, startH, roiW, roiH, binW, binH, gridH, gridW, count;
    Value stepH, stepW; // bin / grid
  };
  MmcvRoi mmcvRoi(Ops &o, Value r) const;
  /// Top-left of bin (ph, pw), shifted by the roi's offset if there is one.
  std::pair<Value, Value> mmcvBinOrigin(Ops &o, const MmcvRoi &g, Value r,
                                        Value ph, Value pw) const;
  /// The mmcv value of bin (ph, pw) of roi r: the average of the bin's
  /// sampling grid, times the mask, 0 for an invalid batch. `sample(taps,
  /// acc)` adds the bilinear sample of `taps` (shaped like `zero`: scalars or
  /// channel lanes) to `acc`.
  Value mmcvBin(Ops &o, const MmcvRoi &g, Value r, Value ph, Value pw,
                Value validBatch, Value zero,
                function_ref<Value(const SampleTaps &, Value)> sample) const;

  /// dcn_psroi's geometry of roi r for output channel ctop: its batch,
  /// start, size, bin and sub-bin sizes, and the offset's class.
  struct PsroiRoi {
    Value batch, validBatch, startW, startH, roiW, roiH, binW, binH, subW,
        subH, classId;
  };
  PsroiRoi psroiRoi(Ops &o, Value r, Value ctop) const;
  /// dcn_psroi, bin (ph, pw) of roi r and output channel ctop: the pooled
  /// value and the sample count (0 for an invalid batch). Reads the input
  /// at (batch, channel, row, col) through `read`.
  std::pair<Value, Value>
  psroiBin(Ops &o, const PsroiRoi &g, Value r, Value ctop, Value ph, Value pw,
           function_ref<Value(Value b, Value c, Value row, Value col)> read)
      const;
  /// dcn_psroi, roi r and output channel ctop: every pooled bin, written to
  /// the output (and the count, when the op has that destination).
  void psroiPoint(Ops &o, Value r, Value ctop,
                  function_ref<Value(Value b, Value c, Value row, Value col)>
                      read) const;
};

} // namespace mlir::deform

#endif
