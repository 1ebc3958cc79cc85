//===- GpuCases.h - the GPU sweep's cases, drawn from a seed ---*- C++ -*-===//
//
// Shared by the GPU sweep run here (compiled in-process, on the emulating
// driver or a GPU) and the GPU check bundle (compiled ahead of time by
// deform-compile, run where a GPU is): a case is drawn from its kind and
// seed alone, so both draw the same attributes, inputs and configuration.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TEST_SWEEP_GPUCASES_H
#define DEFORM_TEST_SWEEP_GPUCASES_H

#include "Cases.h"

#include <string>
#include <vector>

namespace deform::sweep {

enum class GpuCaseKind { Conv, ConvF64, ConvF16, Roi, AdversarialConv, AdversarialRoi };

struct GpuCase {
  GpuCaseKind kind;
  uint64_t seed;
  std::string name;  // "conv_17": a C identifier, the compiled function's name
  bool isConv;
  ConvCase conv;
  RoiCase roi;
  /// @<name> with a random #deform.gpu_config (or the heuristic's).
  std::string mlir;
  /// Through the TilingInterface scalar implementation.
  bool scalar;
  double tolerance;
  std::vector<npy::Array> &inputs() { return isConv ? conv.inputs : roi.inputs; }
  std::string describe() const;
};

GpuCase drawGpuCase(GpuCaseKind kind, uint64_t seed);

/// The sweep: (kind, seed) pairs of every case.
std::vector<std::pair<GpuCaseKind, uint64_t>> gpuSweep();

/// The float64 reference of a case, one vector per result.
std::vector<std::vector<double>> gpuReference(const GpuCase &c);

} // namespace deform::sweep

#endif
