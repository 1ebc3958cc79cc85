//===- RoundedOverflow.h - an infinity that is the correct rounding -*- C++ -*-===//
//
// Part of the accuracy rule of SEMANTICS 3, shared by lib/Harness/Check.cpp
// and the sweep (which does not link LLVM).
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_HARNESS_ROUNDEDOVERFLOW_H
#define DEFORM_HARNESS_ROUNDEDOVERFLOW_H

#include "deform/runtime/Npy.h"

#include <cmath>

namespace deform::harness {

/// Whether `got`, an infinity, is the reference `want` correctly rounded to
/// element type `t`: |want| is past the type's largest finite value by at
/// least half a unit in the last place (round to nearest gives the infinity
/// of its sign; kernels fuzz finding kernels-10).
inline bool isRoundedOverflow(double got, double want, npy::DType t) {
  // Largest finite + half an ulp: f32 FLT_MAX + 2^103, f16 65504 + 16.
  double limit = t == npy::DType::F32   ? 3.4028235677973366e38
                 : t == npy::DType::F16 ? 65520.0
                                        : 0;
  return limit != 0 && std::isinf(got) && std::isfinite(want) &&
         std::abs(want) >= limit && std::signbit(got) == std::signbit(want);
}

} // namespace deform::harness

#endif
