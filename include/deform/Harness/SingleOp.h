//===- SingleOp.h - one deform op behind a function's arguments -*- C++ -*-===//
//
// deform-run's --random-inputs and --check, and deform-tune's measurements,
// work on functions whose body is one deform op fed by the function's
// arguments: this finds that op, knows which argument plays which role, draws
// realistic random inputs and runs the float64 reference on them.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_HARNESS_SINGLEOP_H
#define DEFORM_HARNESS_SINGLEOP_H

#include "deform/runtime/Npy.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace deform::harness {

class SingleOp {
public:
  ~SingleOp();
  /// Parses `source` and finds the one deform op of @function whose
  /// operands (but the destinations) are all function arguments.
  static llvm::Expected<std::unique_ptr<SingleOp>>
  analyze(const std::string &source, const std::string &function);

  /// Fills the arguments that are still empty with data drawn like the
  /// benchmark suite: inputs N(0,1), offsets N(0, offsetScale^2), masks
  /// sigmoid(N(0,1)), weights N(0,1)/sqrt(fan-in), rois inside the image.
  /// Their shapes are the signature's, or `shapes[i]` where given (needed
  /// for dynamic sizes; it must agree with the signature's static sizes).
  llvm::Error randomize(std::vector<npy::Array> &args, uint64_t seed,
                        double offsetScale,
                        const std::vector<std::vector<int64_t>> &shapes) const;

  /// The float64 reference's results for `args` (float32 arrays; sizes
  /// that are dynamic in the signature are read from them).
  llvm::Expected<std::vector<std::vector<double>>>
  reference(const std::vector<npy::Array> &args) const;

  /// Argument shapes in order (-1: dynamic).
  const std::vector<std::vector<int64_t>> &argumentShapes() const;

  struct Impl;

private:
  explicit SingleOp(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace deform::harness

#endif
