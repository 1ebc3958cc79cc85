//===- Check.cpp - a result against the float64 reference -----------------===//
#include "deform/Harness/Check.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace deform::harness {
namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}
} // namespace

llvm::Expected<Comparison> compare(const npy::Array &result,
                                   const std::vector<double> &want,
                                   const std::string &what) {
  if (result.dtype != npy::DType::F32 ||
      size_t(result.numElements()) != want.size())
    return error(what + " has " + llvm::Twine(result.numElements()) + " " +
                 npy::dtypeName(result.dtype) + " elements, the reference " +
                 llvm::Twine(want.size()) + " float32 ones");
  const float *got = reinterpret_cast<const float *>(result.data.data());
  Comparison c;
  double num = 0, den = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    if (!std::isfinite(got[i]) || !std::isfinite(want[i])) {
      c.nonFiniteMismatches += !(std::isnan(got[i]) && std::isnan(want[i])) &&
                               double(got[i]) != want[i] &&
                               !isRoundedOverflow(got[i], want[i], result.dtype);
      continue;
    }
    double d = got[i] - want[i];
    num += d * d;
    den += want[i] * want[i];
    c.maxAbs = std::max(c.maxAbs, std::abs(d));
  }
  // Relative to the reference's size, or to float32's smallest normal number
  // where the reference is smaller: below it float32 cannot resolve values
  // (a reference of 3e-46 rounds to 0); absolute where the reference is all
  // zero (docs/SEMANTICS.md section 3).
  double floor = double(want.size()) * double(FLT_MIN) * double(FLT_MIN);
  c.relativeL2 = den > 0 ? std::sqrt(num / std::max(den, floor)) : std::sqrt(num);
  return c;
}

llvm::Expected<std::vector<Comparison>>
compareAll(const std::vector<npy::Array> &results,
           const std::vector<std::vector<double>> &want,
           const std::string &function) {
  if (results.size() != want.size())
    return error("@" + function + " returns " + llvm::Twine(results.size()) +
                 " result(s), the reference " + llvm::Twine(want.size()));
  std::vector<Comparison> all;
  for (size_t r = 0; r < want.size(); ++r) {
    auto c = compare(results[r], want[r],
                     "result " + std::to_string(r) + " of @" + function);
    if (!c)
      return c.takeError();
    all.push_back(*c);
  }
  return all;
}

} // namespace deform::harness
