//===- Sampling.cpp - bilinear samplers (SEMANTICS 1.2) -------------------===//
//
// Every function range-checks the coordinate in floating point, with
// comparisons that NaN fails, before floor() and the conversion to int64, so
// only values inside [-1, H] (resp. [0, Hp-1]) are ever converted.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"
#include "deform/reference/Reference.h"

#include <cmath>

namespace deform {
namespace ref {
namespace detail {

int64_t outExtent(int64_t in, int64_t padA, int64_t padB, int64_t k,
                  int64_t dilation, int64_t stride) {
  if (stride < 1 || k < 1 || dilation < 1)
    return 0;
  int64_t keff = 0, padded = 0, tmp = 0;
  if (!checkedProduct({k - 1, dilation}, keff) || !checkedAdd(keff, 1, keff))
    return 0;
  if (!checkedAdd(in, padA, tmp) || !checkedAdd(tmp, padB, padded))
    return 0;
  if (!checkedAdd(padded, -keff, tmp))
    return 0;
  // Floor division (tmp may be negative).
  int64_t q = tmp / stride;
  if (tmp % stride != 0 && tmp < 0)
    --q;
  return q + 1;
}

double sampleZero(const double *plane, int64_t H, int64_t W, int64_t rs,
                  int64_t cs, double h, double w) {
  // Outside (or NaN): 0.
  if (!(h > -1.0 && h < static_cast<double>(H) && w > -1.0 &&
        w < static_cast<double>(W)))
    return 0.0;
  double hf = std::floor(h), wf = std::floor(w);
  int64_t h0 = static_cast<int64_t>(hf), w0 = static_cast<int64_t>(wf);
  int64_t h1 = h0 + 1, w1 = w0 + 1;
  double lh = h - hf, lw = w - wf;
  double hh = 1.0 - lh, hw = 1.0 - lw;
  double v1 = (h0 >= 0 && w0 >= 0) ? plane[h0 * rs + w0 * cs] : 0.0;
  double v2 = (h0 >= 0 && w1 <= W - 1) ? plane[h0 * rs + w1 * cs] : 0.0;
  double v3 = (h1 <= H - 1 && w0 >= 0) ? plane[h1 * rs + w0 * cs] : 0.0;
  double v4 = (h1 <= H - 1 && w1 <= W - 1) ? plane[h1 * rs + w1 * cs] : 0.0;
  return hh * hw * v1 + hh * lw * v2 + lh * hw * v3 + lh * lw * v4;
}

double sampleDCNv1(const double *plane, int64_t H, int64_t W, int64_t rs,
                   int64_t cs, double h, double w) {
  if (!(h >= 0.0 && h < static_cast<double>(H) && w >= 0.0 &&
        w < static_cast<double>(W)))
    return 0.0;
  int64_t h0 = static_cast<int64_t>(std::floor(h));
  int64_t w0 = static_cast<int64_t>(std::floor(w));
  int64_t h1, w1;
  // MXNet: a low corner on (or past) the last row replicates it.
  if (h0 >= H - 1) {
    h1 = h0 = H - 1;
    h = static_cast<double>(h0);
  } else {
    h1 = h0 + 1;
  }
  if (w0 >= W - 1) {
    w1 = w0 = W - 1;
    w = static_cast<double>(w0);
  } else {
    w1 = w0 + 1;
  }
  double lh = h - static_cast<double>(h0), lw = w - static_cast<double>(w0);
  double hh = 1.0 - lh, hw = 1.0 - lw;
  double v1 = plane[h0 * rs + w0 * cs];
  double v2 = plane[h0 * rs + w1 * cs];
  double v3 = plane[h1 * rs + w0 * cs];
  double v4 = plane[h1 * rs + w1 * cs];
  return hh * hw * v1 + hh * lw * v2 + lh * hw * v3 + lh * lw * v4;
}

double sampleTFPadded(const double *plane, int64_t H, int64_t W, int64_t rs,
                      int64_t cs, double hp, double wp, int64_t padTop,
                      int64_t padLeft, int64_t Hp, int64_t Wp) {
  // NaN is not clipped: the sample is 0.
  if (std::isnan(hp) || std::isnan(wp))
    return 0.0;
  double hmax = static_cast<double>(Hp - 1), wmax = static_cast<double>(Wp - 1);
  // Clip (also handles +-Inf and huge values).
  double h = hp < 0.0 ? 0.0 : (hp > hmax ? hmax : hp);
  double w = wp < 0.0 ? 0.0 : (wp > wmax ? wmax : wp);
  double h0f = std::floor(h), w0f = std::floor(w);
  int64_t h0 = static_cast<int64_t>(h0f), w0 = static_cast<int64_t>(w0f);
  int64_t h1 = h0 + 1 < Hp - 1 ? h0 + 1 : Hp - 1;
  int64_t w1 = w0 + 1 < Wp - 1 ? w0 + 1 : Wp - 1;
  double h1f = static_cast<double>(h1), w1f = static_cast<double>(w1);
  double w00 = (h1f - h) * (w1f - w);
  double w01 = (h1f - h) * (w - w0f);
  double w10 = (h - h0f) * (w1f - w);
  double w11 = (h - h0f) * (w - w0f);
  auto at = [&](int64_t r, int64_t c) -> double {
    int64_t ur = r - padTop, uc = c - padLeft;
    if (ur < 0 || ur >= H || uc < 0 || uc >= W)
      return 0.0; // padded rows/columns are zeros
    return plane[ur * rs + uc * cs];
  };
  return w00 * at(h0, w0) + w01 * at(h0, w1) + w10 * at(h1, w0) +
         w11 * at(h1, w1);
}

} // namespace detail

double sample(Boundary rule, const double *plane, int64_t H, int64_t W,
              int64_t rowStride, int64_t colStride, double h, double w,
              int64_t padTop, int64_t padLeft, int64_t padBottom,
              int64_t padRight) {
  if (H < 1 || W < 1)
    return 0.0;
  switch (rule) {
  case Boundary::Zero:
    return detail::sampleZero(plane, H, W, rowStride, colStride, h, w);
  case Boundary::DCNv1:
    return detail::sampleDCNv1(plane, H, W, rowStride, colStride, h, w);
  case Boundary::TFClamp: {
    int64_t pt = padTop > 0 ? padTop : 0, pl = padLeft > 0 ? padLeft : 0;
    int64_t pb = padBottom > 0 ? padBottom : 0, pr = padRight > 0 ? padRight : 0;
    return detail::sampleTFPadded(plane, H, W, rowStride, colStride,
                                  h + static_cast<double>(pt),
                                  w + static_cast<double>(pl), pt, pl,
                                  H + pt + pb, W + pl + pr);
  }
  }
  return 0.0;
}

} // namespace ref
} // namespace deform
