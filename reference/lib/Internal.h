//===- Internal.h - private helpers of the float64 reference ----*- C++ -*-===//
#ifndef DEFORM_REFERENCE_INTERNAL_H
#define DEFORM_REFERENCE_INTERNAL_H

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string>

namespace deform {
namespace ref {
namespace detail {

/// a + b, returns false on int64 overflow.
inline bool checkedAdd(int64_t a, int64_t b, int64_t &r) {
  if ((b > 0 && a > std::numeric_limits<int64_t>::max() - b) ||
      (b < 0 && a < std::numeric_limits<int64_t>::min() - b))
    return false;
  r = a + b;
  return true;
}

/// Product of non-negative factors; false when a factor is negative or the
/// product overflows int64.
inline bool checkedProduct(std::initializer_list<int64_t> factors,
                           int64_t &r) {
  int64_t acc = 1;
  for (int64_t f : factors) {
    if (f < 0)
      return false;
    if (f != 0 && acc > std::numeric_limits<int64_t>::max() / f)
      return false;
    acc *= f;
  }
  r = acc;
  return true;
}

/// Size helper for the public *Size() functions: 0 when a factor is < 1 or
/// the product overflows.
inline int64_t sizeOrZero(std::initializer_list<int64_t> factors) {
  for (int64_t f : factors)
    if (f < 1)
      return 0;
  int64_t r = 0;
  return checkedProduct(factors, r) ? r : 0;
}

/// Output extent along one axis with floor division; 0 on bad arguments or
/// overflow. May be negative.
int64_t outExtent(int64_t in, int64_t padA, int64_t padB, int64_t k,
                  int64_t dilation, int64_t stride);

/// Samplers on one plane (element (r, c) at plane[r*rs + c*cs]).
/// Zero-extended bilinear; h, w unpadded.
double sampleZero(const double *plane, int64_t H, int64_t W, int64_t rs,
                  int64_t cs, double h, double w);
/// DCN v1 (MXNet); h, w unpadded.
double sampleDCNv1(const double *plane, int64_t H, int64_t W, int64_t rs,
                   int64_t cs, double h, double w);
/// TF-clamp; hp, wp are PADDED coordinates, the plane is the unpadded H x W
/// image placed at (padTop, padLeft) inside a zero Hp x Wp image.
double sampleTFPadded(const double *plane, int64_t H, int64_t W, int64_t rs,
                      int64_t cs, double hp, double wp, int64_t padTop,
                      int64_t padLeft, int64_t Hp, int64_t Wp);

/// Builds "<field> (<value>) <rest>".
template <typename T>
std::string msg(const char *field, T value, const std::string &rest) {
  std::ostringstream os;
  os << field << " (" << value << ") " << rest;
  return os.str();
}

} // namespace detail
} // namespace ref
} // namespace deform

#endif // DEFORM_REFERENCE_INTERNAL_H
