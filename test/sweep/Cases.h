//===- Cases.h - random deform op cases as MLIR text + reference ---*- C++ -*-===//
#ifndef DEFORM_TEST_SWEEP_CASES_H
#define DEFORM_TEST_SWEEP_CASES_H

#include "deform/reference/Reference.h"
#include "deform/runtime/Npy.h"

#include <random>
#include <string>
#include <vector>

namespace deform::sweep {

/// One randomly drawn convolution: parameters, MLIR text of @main, inputs.
struct ConvCase {
  ref::Conv2dParams p;
  bool mask = false, bias = false;
  std::string mlir;
  /// The same function with dynamic batch, image and output sizes.
  std::string dynamicMlir;
  std::vector<npy::Array> inputs; // float32, in @main's argument order
  std::string describe() const;
};

struct RoiCase {
  ref::RoiPoolParams p;
  std::string mlir;
  /// The same function with dynamic batch, image and roi counts.
  std::string dynamicMlir;
  std::vector<npy::Array> inputs;
  std::string describe() const;
};

ConvCase drawConvCase(std::mt19937_64 &rng, double offsetScale);
RoiCase drawRoiCase(std::mt19937_64 &rng);

/// Puts NaN, +-Inf, +-1e30 and -0.0 at random places of `a` (float32).
void poison(npy::Array &a, std::mt19937_64 &rng, double fraction);

/// Rewrites a case (its MLIR and its float32 inputs) to f64 or f16.
void convertElementType(std::string &mlir, std::vector<npy::Array> &inputs,
                        npy::DType dtype);
/// Any f16/f32/f64 array as doubles.
std::vector<double> toDouble(const npy::Array &a);

/// The float64 reference on the inputs of a case (whatever their type).
std::vector<double> referenceOutput(const ConvCase &c);
std::vector<std::vector<double>> referenceOutput(const RoiCase &c);

/// ||a - b|| / ||b|| over elements where both are finite; counts elements
/// whose finiteness (or NaN-ness) differs in `mismatches`.
double relativeL2(const npy::Array &got, const std::vector<double> &want,
                  int64_t &mismatches);

} // namespace deform::sweep

#endif
