//===- CornerPairs.h - bilinear corners read two at a time -------*- C++ -*-===//
//
// A sample's left and right corners are neighbours in memory where the
// image's columns are contiguous, so one 2-element load reads both. Per
// sample row that halves the loads, and plain loads beat a hardware gather:
// on Zen 5, 16-lane gathers of 4 corners cost 1.0-1.4 ns a sample against
// 0.4-0.5 ns for pair loads (bench/gather/pairs_bench.c, r50_s2's tiles).
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_CODEGEN_CPU_CORNERPAIRS_H
#define DEFORM_CODEGEN_CPU_CORNERPAIRS_H

#include "deform/Codegen/Common/Builders.h"
#include "deform/Codegen/Common/Sampling.h"

namespace mlir::deform {

/// Whether `input` (planar [B, C, H, W]) has a static width of at least 2
/// and contiguous columns: a pair starting in column 0..W-2 stays in its row.
bool hasContiguousPairs(Value input);

/// A sample's corners as two pairs (its top and bottom rows): slot 0/1 are
/// the top pair's left and right element, 2/3 the bottom pair's. `start`
/// is where the top and the bottom pair start (the pixel part, i32 lanes);
/// `used` tells whether an in-image corner reads the slot (a slot no such
/// corner reads is selected to 0, so an Inf pixel beside the sample never
/// leaks in as NaN); `weight` sums the weights of the corners that read it.
struct CornerPairs {
  Value start[2], used[4], weight[4];
};
/// The pairs of `taps` (corners of a planar image `width` >= 2 wide): a
/// pair starts at the left corner's column, one column earlier at the last
/// column, so both its elements are in the row.
CornerPairs pairCorners(Ops &v, const SampleTaps &taps, int64_t width,
                        function_ref<Value(Value, Value)> pixelIndex);

/// Loads, for each lane j, the 2 elements of `view` at `base + index(j)`
/// and returns them as two vectors (first elements, second elements) of
/// `v.lanes` in type `t`.
std::pair<Value, Value> loadPairs(Ops &v, const FlatView &view, Value base,
                                  function_ref<Value(int64_t)> index,
                                  FloatType t);

} // namespace mlir::deform

#endif
