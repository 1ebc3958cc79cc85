//===- Check.h - a result against the float64 reference ---------*- C++ -*-===//
//
// The accuracy rule of SEMANTICS 3 (relative L2 error below 1e-5, non-finite
// values equal), shared by deform-run --check and deform-tune.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_HARNESS_CHECK_H
#define DEFORM_HARNESS_CHECK_H

#include "deform/Harness/RoundedOverflow.h"
#include "deform/runtime/Npy.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace deform::harness {

inline constexpr double kRelativeErrorLimit = 1e-5;


struct Comparison {
  double relativeL2 = 0;
  double maxAbs = 0;
  /// Elements where either side is not finite and the two differ.
  int64_t nonFiniteMismatches = 0;
  bool ok() const {
    return relativeL2 < kRelativeErrorLimit && nonFiniteMismatches == 0;
  }
};

/// Compares float32 `result` with the reference `want`; an error when the
/// result is not float32 or has another element count (`what` names it).
llvm::Expected<Comparison> compare(const npy::Array &result,
                                   const std::vector<double> &want,
                                   const std::string &what);

/// Compares every result with its reference; an error naming the first one
/// that cannot be compared (count, type, size).
llvm::Expected<std::vector<Comparison>>
compareAll(const std::vector<npy::Array> &results,
           const std::vector<std::vector<double>> &want,
           const std::string &function);

} // namespace deform::harness

#endif
