//===- Conv2d.cpp - deformable convolution reference (SEMANTICS 1) --------===//
#include "Internal.h"
#include "deform/reference/Reference.h"

#include <cmath>

namespace deform {
namespace ref {

using detail::msg;

int64_t Conv2dParams::outH() const {
  return detail::outExtent(inH, padTop, padBottom, kernelH, dilationH,
                           strideH);
}
int64_t Conv2dParams::outW() const {
  return detail::outExtent(inW, padLeft, padRight, kernelW, dilationW,
                           strideW);
}

int64_t Conv2dParams::inputSize() const {
  return detail::sizeOrZero({batch, inChannels, inH, inW});
}
int64_t Conv2dParams::offsetSize() const {
  return detail::sizeOrZero(
      {batch, offsetGroups, 2, kernelH, kernelW, outH(), outW()});
}
int64_t Conv2dParams::maskSize() const {
  return detail::sizeOrZero(
      {batch, offsetGroups, kernelH, kernelW, outH(), outW()});
}
int64_t Conv2dParams::weightSize() const {
  if (groups < 1)
    return 0;
  return detail::sizeOrZero(
      {outChannels, inChannels / groups, kernelH, kernelW});
}
int64_t Conv2dParams::outputSize() const {
  return detail::sizeOrZero({batch, outChannels, outH(), outW()});
}

std::string validate(const Conv2dParams &p) {
  struct Field {
    const char *name;
    int64_t value;
  };
  const Field sizes[] = {{"batch", p.batch},
                         {"inChannels", p.inChannels},
                         {"inH", p.inH},
                         {"inW", p.inW},
                         {"outChannels", p.outChannels},
                         {"kernelH", p.kernelH},
                         {"kernelW", p.kernelW},
                         {"groups", p.groups},
                         {"offsetGroups", p.offsetGroups},
                         {"strideH", p.strideH},
                         {"strideW", p.strideW},
                         {"dilationH", p.dilationH},
                         {"dilationW", p.dilationW}};
  for (const Field &f : sizes)
    if (f.value < 1)
      return msg(f.name, f.value, "must be >= 1");
  const Field pads[] = {{"padTop", p.padTop},
                        {"padLeft", p.padLeft},
                        {"padBottom", p.padBottom},
                        {"padRight", p.padRight}};
  for (const Field &f : pads)
    if (f.value < 0)
      return msg(f.name, f.value, "must be >= 0");
  if (p.inChannels % p.groups != 0)
    return msg("inChannels", p.inChannels,
               "must be divisible by groups (" + std::to_string(p.groups) +
                   ")");
  if (p.outChannels % p.groups != 0)
    return msg("outChannels", p.outChannels,
               "must be divisible by groups (" + std::to_string(p.groups) +
                   ")");
  if (p.offsetGroupAxis == OffsetGroupAxis::InputChannels) {
    if (p.inChannels % p.offsetGroups != 0)
      return msg("inChannels", p.inChannels,
                 "must be divisible by offsetGroups (" +
                     std::to_string(p.offsetGroups) +
                     ") when offset groups split the input channels");
  } else {
    if (p.outChannels % p.offsetGroups != 0)
      return msg("outChannels", p.outChannels,
                 "must be divisible by offsetGroups (" +
                     std::to_string(p.offsetGroups) +
                     ") when offset groups split the output channels");
  }
  // Output extent, with overflow-checked arithmetic.
  struct Axis {
    const char *outName, *inName, *padA, *padB, *kName;
    int64_t in, pa, pb, k, d, s;
  };
  const Axis axes[] = {
      {"outH", "inH", "padTop", "padBottom", "kernel height", p.inH, p.padTop,
       p.padBottom, p.kernelH, p.dilationH, p.strideH},
      {"outW", "inW", "padLeft", "padRight", "kernel width", p.inW, p.padLeft,
       p.padRight, p.kernelW, p.dilationW, p.strideW}};
  for (const Axis &a : axes) {
    int64_t keff = 0, padded = 0;
    if (!detail::checkedProduct({a.k - 1, a.d}, keff) ||
        !detail::checkedAdd(keff, 1, keff))
      return std::string("dilated ") + a.kName + " overflows int64";
    if (!detail::checkedAdd(a.in, a.pa, padded) ||
        !detail::checkedAdd(padded, a.pb, padded))
      return std::string(a.inName) + " + " + a.padA + " + " + a.padB +
             " overflows int64";
    int64_t o = detail::outExtent(a.in, a.pa, a.pb, a.k, a.d, a.s);
    if (o < 1)
      return msg(a.outName, o,
                 std::string("must be >= 1: ") + a.inName + " + " + a.padA +
                     " + " + a.padB + " (" + std::to_string(padded) +
                     ") is smaller than the dilated " + a.kName + " (" +
                     std::to_string(keff) + ")");
  }
  int64_t ho = p.outH(), wo = p.outW(), r = 0;
  int64_t K = 0;
  if (!detail::checkedProduct({p.kernelH, p.kernelW}, K))
    return "kernelH * kernelW overflows int64";
  if (!detail::checkedProduct({p.batch, p.inChannels, p.inH, p.inW}, r))
    return "input element count overflows int64";
  if (!detail::checkedProduct({p.batch, p.offsetGroups, 2, K, ho, wo}, r))
    return "offset element count overflows int64";
  if (!detail::checkedProduct(
          {p.outChannels, p.inChannels / p.groups, K}, r))
    return "weight element count overflows int64";
  if (!detail::checkedProduct({p.batch, p.outChannels, ho, wo}, r))
    return "output element count overflows int64";
  return std::string();
}

void conv2d(const Conv2dParams &p, const double *input, const double *offset,
            const double *weight, const double *mask, const double *bias,
            double *out) {
  const int64_t B = p.batch, C = p.inChannels, H = p.inH, W = p.inW;
  const int64_t OC = p.outChannels, kh = p.kernelH, kw = p.kernelW;
  const int64_t K = kh * kw, og = p.offsetGroups;
  const int64_t Ho = p.outH(), Wo = p.outW();
  const int64_t CG = C / p.groups, OCG = OC / p.groups;
  const int64_t Hp = H + p.padTop + p.padBottom;
  const int64_t Wp = W + p.padLeft + p.padRight;
  const bool nchw = p.dataLayout == DataLayout::NCHW;
  const bool planar = p.offsetLayout == OffsetLayout::Planar;
  const bool inAxis = p.offsetGroupAxis == OffsetGroupAxis::InputChannels;
  const bool oihw = p.weightLayout == WeightLayout::OIHW;

  // Strides of one input plane.
  const int64_t rs = nchw ? W : W * C;
  const int64_t cs = nchw ? 1 : C;

  for (int64_t b = 0; b < B; ++b)
    for (int64_t o = 0; o < OC; ++o) {
      const int64_t wg = o / OCG; // weight group
      for (int64_t y = 0; y < Ho; ++y)
        for (int64_t x = 0; x < Wo; ++x) {
          double acc = 0.0;
          for (int64_t ci = 0; ci < CG; ++ci) {
            const int64_t c = wg * CG + ci;
            const int64_t g = inAxis ? c / (C / og) : o / (OC / og);
            const double *plane =
                nchw ? input + (b * C + c) * H * W : input + b * H * W * C + c;
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j) {
                const int64_t k = i * kw + j;
                double dy, dx, m = 1.0;
                if (planar) {
                  const int64_t ch = b * og * 2 * K + g * 2 * K + 2 * k;
                  dy = offset[(ch * Ho + y) * Wo + x];
                  dx = offset[((ch + 1) * Ho + y) * Wo + x];
                  if (mask)
                    m = mask[((b * og * K + g * K + k) * Ho + y) * Wo + x];
                } else {
                  const int64_t pix = (b * Ho + y) * Wo + x;
                  const int64_t idx = pix * K * og * 2 + 2 * (k * og + g);
                  dy = offset[idx];
                  dx = offset[idx + 1];
                  if (mask)
                    m = mask[pix * K * og + k * og + g];
                }
                const double wv =
                    oihw ? weight[((o * CG + ci) * kh + i) * kw + j]
                         : weight[((i * kw + j) * OC + o) * CG + ci];
                double s;
                if (p.boundary == Boundary::TFClamp) {
                  // Padded coordinates: the integer part is exact, one
                  // rounding for the offset.
                  const double hp =
                      static_cast<double>(y * p.strideH + i * p.dilationH) + dy;
                  const double wp =
                      static_cast<double>(x * p.strideW + j * p.dilationW) + dx;
                  s = detail::sampleTFPadded(plane, H, W, rs, cs, hp, wp,
                                             p.padTop, p.padLeft, Hp, Wp);
                } else {
                  const double py = static_cast<double>(
                                        y * p.strideH - p.padTop +
                                        i * p.dilationH) +
                                    dy;
                  const double px = static_cast<double>(
                                        x * p.strideW - p.padLeft +
                                        j * p.dilationW) +
                                    dx;
                  s = p.boundary == Boundary::Zero
                          ? detail::sampleZero(plane, H, W, rs, cs, py, px)
                          : detail::sampleDCNv1(plane, H, W, rs, cs, py, px);
                }
                acc += wv * m * s;
              }
          }
          const double v = acc + (bias ? bias[o] : 0.0);
          if (nchw)
            out[((b * OC + o) * Ho + y) * Wo + x] = v;
          else
            out[((b * Ho + y) * Wo + x) * OC + o] = v;
        }
    }
}

} // namespace ref
} // namespace deform
