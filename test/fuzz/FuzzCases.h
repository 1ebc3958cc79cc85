//===- FuzzCases.h - cases with input-chosen parameters ---------*- C++ -*-===//
//
// The sweep's generator (test/sweep/Cases.cpp) draws parameters from narrow
// ranges. These build the same kind of case (parameters, MLIR text of @main,
// static and dynamic, zero-filled float32 inputs of the right shapes) from
// parameters the fuzzer chooses in wider ranges: pads larger than the kernel,
// 1-pixel images, large strides and dilations, up to 4 weight and offset
// groups, zero rois, odd spatial scales. The MLIR text is the sweep's
// (copied from Cases.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TEST_FUZZ_FUZZCASES_H
#define DEFORM_TEST_FUZZ_FUZZCASES_H

#include "Cases.h"
#include "FuzzCommon.h"

#include <optional>

namespace deform::fuzz {

/// A convolution with parameters from `in`, or nothing when they do not
/// validate (ref::validate).
std::optional<sweep::ConvCase> convCaseFromBytes(ByteReader &in);
/// The same for RoI pooling (RoiPoolParams::validate).
std::optional<sweep::RoiCase> roiCaseFromBytes(ByteReader &in);

} // namespace deform::fuzz

#endif
