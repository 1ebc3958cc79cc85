//===- SingleOp.h - one deform op behind a function's arguments -*- C++ -*-===//
//
// deform-run's --random-inputs and --check work on functions whose body is
// one deform op fed by the function's arguments: this finds that op, knows
// which argument plays which role, draws realistic random inputs and runs
// the float64 reference on them.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TOOLS_DEFORM_RUN_SINGLEOP_H
#define DEFORM_TOOLS_DEFORM_RUN_SINGLEOP_H

#include "deform/runtime/Npy.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace deform::run {

class SingleOp {
public:
  ~SingleOp();
  /// Parses `source` and finds the one deform op of @function whose
  /// operands (but the destinations) are all function arguments.
  static llvm::Expected<std::unique_ptr<SingleOp>>
  analyze(const std::string &source, const std::string &function);

  /// Fills the arguments that are still empty (shape given by the function
  /// signature) with data drawn like the benchmark suite: inputs N(0,1),
  /// offsets N(0, offsetScale^2), masks sigmoid(N(0,1)), weights
  /// N(0,1)/sqrt(fan-in), rois inside the image.
  void randomize(std::vector<npy::Array> &args, uint64_t seed,
                 double offsetScale) const;

  /// The float64 reference's results for `args` (float32 arrays).
  llvm::Expected<std::vector<std::vector<double>>>
  reference(const std::vector<npy::Array> &args) const;

  /// Argument shapes/dtypes, in order (f32 only).
  const std::vector<std::vector<int64_t>> &argumentShapes() const;

  struct Impl;

private:
  explicit SingleOp(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace deform::run

#endif
