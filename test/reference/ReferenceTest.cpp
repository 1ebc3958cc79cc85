//===- ReferenceTest.cpp - unit tests of the float64 reference ------------===//
//
// Hand-computed values from docs/SEMANTICS.md, equivalences between layouts,
// independent direct-loop convolutions, and adversarial offsets/rois (NaN,
// +-Inf, +-1e30, -0.0). Run under -fsanitize=address,undefined as well.
//
//===----------------------------------------------------------------------===//
#include "deform/reference/Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace deform::ref;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Deterministic generator (no dependence on <random> implementations).
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 2654435761u + 12345) {}
  double uniform(double lo, double hi) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = static_cast<double>(s >> 11) / 9007199254740992.0; // [0,1)
    return lo + (hi - lo) * u;
  }
  std::vector<double> vec(int64_t n, double lo, double hi) {
    std::vector<double> v(static_cast<size_t>(n));
    for (double &x : v)
      x = uniform(lo, hi);
    return v;
  }
};

double maxAbsDiff(const std::vector<double> &a, const std::vector<double> &b) {
  EXPECT_EQ(a.size(), b.size());
  double m = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

bool allFinite(const std::vector<double> &v) {
  for (double x : v)
    if (!std::isfinite(x))
      return false;
  return true;
}

// 3x3 example of SEMANTICS 1.2.
const double kX3[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};

double S(Boundary rule, double h, double w) {
  return sample(rule, kX3, 3, 3, 3, 1, h, w);
}

//===----------------------------------------------------------------------===//
// Convolution helpers
//===----------------------------------------------------------------------===//

struct ConvData {
  Conv2dParams p;
  std::vector<double> input, offset, weight, mask, bias;
};

ConvData makeConv(const Conv2dParams &p, uint64_t seed, double offsetScale) {
  EXPECT_EQ(validate(p), "");
  ConvData d;
  d.p = p;
  Rng rng(seed);
  d.input = rng.vec(p.inputSize(), -1, 1);
  d.offset = rng.vec(p.offsetSize(), -offsetScale, offsetScale);
  d.weight = rng.vec(p.weightSize(), -1, 1);
  d.mask = rng.vec(p.maskSize(), 0, 1);
  d.bias = rng.vec(p.outChannels, -1, 1);
  return d;
}

std::vector<double> runConv(const Conv2dParams &p,
                            const std::vector<double> &input,
                            const std::vector<double> &offset,
                            const std::vector<double> &weight,
                            const double *mask, const double *bias) {
  EXPECT_EQ(validate(p), "");
  EXPECT_EQ(static_cast<int64_t>(input.size()), p.inputSize());
  EXPECT_EQ(static_cast<int64_t>(offset.size()), p.offsetSize());
  EXPECT_EQ(static_cast<int64_t>(weight.size()), p.weightSize());
  std::vector<double> out(static_cast<size_t>(p.outputSize()), -12345.0);
  conv2d(p, input.data(), offset.data(), weight.data(), mask, bias,
         out.data());
  return out;
}

/// Plain (non-deformable) grouped convolution, NCHW / OIHW, zero padding,
/// written directly with integer coordinates.
std::vector<double> plainConv(const Conv2dParams &p,
                              const std::vector<double> &in,
                              const std::vector<double> &w,
                              const double *bias) {
  const int64_t Ho = p.outH(), Wo = p.outW();
  const int64_t CG = p.inChannels / p.groups, OCG = p.outChannels / p.groups;
  std::vector<double> out(static_cast<size_t>(p.outputSize()));
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t o = 0; o < p.outChannels; ++o)
      for (int64_t y = 0; y < Ho; ++y)
        for (int64_t x = 0; x < Wo; ++x) {
          double acc = 0;
          for (int64_t ci = 0; ci < CG; ++ci)
            for (int64_t i = 0; i < p.kernelH; ++i)
              for (int64_t j = 0; j < p.kernelW; ++j) {
                int64_t c = (o / OCG) * CG + ci;
                int64_t r = y * p.strideH - p.padTop + i * p.dilationH;
                int64_t q = x * p.strideW - p.padLeft + j * p.dilationW;
                if (r < 0 || r >= p.inH || q < 0 || q >= p.inW)
                  continue;
                acc += w[((o * CG + ci) * p.kernelH + i) * p.kernelW + j] *
                       in[((b * p.inChannels + c) * p.inH + r) * p.inW + q];
              }
          out[((b * p.outChannels + o) * Ho + y) * Wo + x] =
              acc + (bias ? bias[o] : 0.0);
        }
  return out;
}

std::vector<double> nchwToNhwc(const std::vector<double> &v, int64_t B,
                               int64_t C, int64_t H, int64_t W) {
  std::vector<double> r(v.size());
  for (int64_t b = 0; b < B; ++b)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t w = 0; w < W; ++w)
          r[((b * H + h) * W + w) * C + c] = v[((b * C + c) * H + h) * W + w];
  return r;
}

std::vector<double> oihwToHwoi(const std::vector<double> &v, int64_t O,
                               int64_t I, int64_t KH, int64_t KW) {
  std::vector<double> r(v.size());
  for (int64_t o = 0; o < O; ++o)
    for (int64_t i = 0; i < I; ++i)
      for (int64_t h = 0; h < KH; ++h)
        for (int64_t w = 0; w < KW; ++w)
          r[((h * KW + w) * O + o) * I + i] = v[((o * I + i) * KH + h) * KW + w];
  return r;
}

/// Planar [B, og*K*n, Ho, Wo] (channel g*K*n + k*n + t) to interleaved
/// [B, Ho, Wo, K*og*n] (index (k*og + g)*n + t); n = 2 offsets, 1 mask.
std::vector<double> planarToInterleaved(const std::vector<double> &v,
                                        int64_t B, int64_t og, int64_t K,
                                        int64_t n, int64_t Ho, int64_t Wo) {
  std::vector<double> r(v.size());
  for (int64_t b = 0; b < B; ++b)
    for (int64_t g = 0; g < og; ++g)
      for (int64_t k = 0; k < K; ++k)
        for (int64_t t = 0; t < n; ++t)
          for (int64_t y = 0; y < Ho; ++y)
            for (int64_t x = 0; x < Wo; ++x)
              r[((b * Ho + y) * Wo + x) * K * og * n + (k * og + g) * n + t] =
                  v[((b * og * K * n + g * K * n + k * n + t) * Ho + y) * Wo +
                    x];
  return r;
}

Conv2dParams genericParams() {
  Conv2dParams p;
  p.batch = 2;
  p.inChannels = 4;
  p.inH = 7;
  p.inW = 6;
  p.outChannels = 6;
  p.kernelH = 3;
  p.kernelW = 2;
  p.strideH = 2;
  p.strideW = 1;
  p.dilationH = 1;
  p.dilationW = 2;
  p.padTop = 1;
  p.padLeft = 0;
  p.padBottom = 2;
  p.padRight = 1;
  p.groups = 2;
  p.offsetGroups = 2;
  return p;
}

//===----------------------------------------------------------------------===//
// RoI helpers
//===----------------------------------------------------------------------===//

/// Transcription of torchvision roi_align (aligned=True) forward, CPU.
std::vector<double> tvRoiAlign(const std::vector<double> &X, int N, int C,
                               int H, int W, const std::vector<double> &rois,
                               int PH, int PW, double scale, int ratio) {
  (void)N;
  int R = static_cast<int>(rois.size() / 5);
  std::vector<double> out(static_cast<size_t>(R * C * PH * PW));
  auto bil = [&](const double *in, double y, double x) -> double {
    if (y < -1.0 || y > H || x < -1.0 || x > W)
      return 0;
    if (y <= 0)
      y = 0;
    if (x <= 0)
      x = 0;
    int yl = static_cast<int>(y), xl = static_cast<int>(x), yh, xh;
    if (yl >= H - 1) {
      yh = yl = H - 1;
      y = yl;
    } else {
      yh = yl + 1;
    }
    if (xl >= W - 1) {
      xh = xl = W - 1;
      x = xl;
    } else {
      xh = xl + 1;
    }
    double ly = y - yl, lx = x - xl, hy = 1 - ly, hx = 1 - lx;
    return hy * hx * in[yl * W + xl] + hy * lx * in[yl * W + xh] +
           ly * hx * in[yh * W + xl] + ly * lx * in[yh * W + xh];
  };
  for (int n = 0; n < R; ++n) {
    const double *roi = &rois[n * 5];
    int b = static_cast<int>(roi[0]);
    double off = 0.5;
    double sw = roi[1] * scale - off, sh = roi[2] * scale - off;
    double ew = roi[3] * scale - off, eh = roi[4] * scale - off;
    double rw = ew - sw, rh = eh - sh;
    double bh = rh / PH, bw = rw / PW;
    int gh = ratio > 0 ? ratio : static_cast<int>(std::ceil(rh / PH));
    int gw = ratio > 0 ? ratio : static_cast<int>(std::ceil(rw / PW));
    double count = std::max(gh * gw, 1);
    for (int c = 0; c < C; ++c)
      for (int ph = 0; ph < PH; ++ph)
        for (int pw = 0; pw < PW; ++pw) {
          double acc = 0;
          for (int iy = 0; iy < gh; ++iy) {
            double y = sh + ph * bh + (iy + .5) * bh / gh;
            for (int ix = 0; ix < gw; ++ix) {
              double x = sw + pw * bw + (ix + .5) * bw / gw;
              acc += bil(&X[((b * C + c) * H) * W], y, x);
            }
          }
          out[((n * C + c) * PH + ph) * PW + pw] = acc / count;
        }
  }
  return out;
}

RoiPoolParams mmcvParams(int64_t N, int64_t C, int64_t H, int64_t W,
                         int64_t R, int64_t PH, int64_t PW) {
  RoiPoolParams p;
  p.variant = RoiPoolVariant::MMCV;
  p.batch = N;
  p.channels = C;
  p.outChannels = C;
  p.inH = H;
  p.inW = W;
  p.numRois = R;
  p.pooledH = PH;
  p.pooledW = PW;
  return p;
}

std::vector<double> runRoi(const RoiPoolParams &p,
                           const std::vector<double> &input,
                           const std::vector<double> &rois,
                           const std::vector<double> *offset,
                           const std::vector<double> *mask,
                           std::vector<double> *count = nullptr) {
  EXPECT_EQ(p.validate(), "");
  EXPECT_EQ(static_cast<int64_t>(input.size()), p.inputSize());
  EXPECT_EQ(static_cast<int64_t>(rois.size()), p.roisSize());
  if (offset) {
    EXPECT_EQ(static_cast<int64_t>(offset->size()), p.offsetSize());
  }
  if (mask) {
    EXPECT_EQ(static_cast<int64_t>(mask->size()), p.maskSize());
  }
  std::vector<double> out(static_cast<size_t>(p.outputSize()), -12345.0);
  if (count)
    count->assign(out.size(), -1.0);
  roiPool(p, input.data(), rois.data(), offset ? offset->data() : nullptr,
          mask ? mask->data() : nullptr, out.data(),
          count ? count->data() : nullptr);
  return out;
}

/// 1 x 1 x 4 x 4 input with X[r][c] = 4r + c (bilinear is exact on it).
std::vector<double> linear4x4() {
  std::vector<double> v(16);
  for (int i = 0; i < 16; ++i)
    v[i] = i;
  return v;
}

/// PS input: 4 channels (or `C`) of 4x4, X_c[r][q] = 100c + 4r + q.
std::vector<double> psInput(int64_t C) {
  std::vector<double> v(static_cast<size_t>(C * 16));
  for (int64_t c = 0; c < C; ++c)
    for (int64_t i = 0; i < 16; ++i)
      v[c * 16 + i] = 100.0 * c + i;
  return v;
}

RoiPoolParams psParams(int64_t outDim, int64_t group, int64_t P, int64_t spp) {
  RoiPoolParams p;
  p.variant = RoiPoolVariant::DCNPSRoI;
  p.batch = 1;
  p.outChannels = outDim;
  p.groupSize = group;
  p.channels = outDim * group * group;
  p.inH = 4;
  p.inW = 4;
  p.numRois = 1;
  p.pooledH = P;
  p.pooledW = P;
  p.partSize = P;
  p.samplePerPart = spp;
  return p;
}

const double kBadValues[] = {kNaN,   kInf,    -kInf,  1e30,  -1e30,
                             1e300,  -1e300,  -0.0,   5e-324};

} // namespace

//===----------------------------------------------------------------------===//
// Sampling (SEMANTICS 1.2)
//===----------------------------------------------------------------------===//

TEST(Sample, TFClampExample) {
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, 2, 2), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, -3, -3), 1.0);
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, 1.5, 1.5), 7.0);
  // Integer points before the last row/column read X exactly.
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, 1, 1), 5.0);
  // Last row: zero weight; above the image: row 0 repeated.
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, 2, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, -7, 0.5), 1.5);
  // Between rows 1 and 2, column clipped to the last one: zero weight.
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, 1.5, 9), 0.0);
}

TEST(Sample, ZeroExtendedExample) {
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 2, 2), 9.0);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, -3, -3), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 1.5, 1.5), 7.0);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, -0.5, 0), 0.5); // partial in (-1, 0)
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 0, -0.25), 0.75);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 2.5, 0), 3.5); // past the last row
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 0.5, 0.25),
                   0.5 * 0.75 * 1 + 0.5 * 0.25 * 2 + 0.5 * 0.75 * 4 +
                       0.5 * 0.25 * 5);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, -1, 0), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 3, 0), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 0, 3), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::Zero, 0, -1), 0.0);
}

TEST(Sample, DCNv1Example) {
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 2.5, 0), 7.0); // replicate last row
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 2, 1.5), 8.5);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 1.5, 2.75), 7.5);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 3, 0), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, -0.5, 0), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 0, -0.25), 0.0);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 2, 2), 9.0);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, 1.5, 1.5), 7.0);
  EXPECT_DOUBLE_EQ(S(Boundary::DCNv1, -0.0, 0), 1.0);
}

TEST(Sample, TFClampPaddedCoordinates) {
  // 3x3 image padded by 1 on every side: Hp = Wp = 5.
  auto T = [](double h, double w) {
    return sample(Boundary::TFClamp, kX3, 3, 3, 3, 1, h, w, 1, 1, 1, 1);
  };
  EXPECT_DOUBLE_EQ(T(-1, -1), 0.0);   // padded corner
  EXPECT_DOUBLE_EQ(T(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(T(2, 2), 9.0);     // no longer the last padded row
  EXPECT_DOUBLE_EQ(T(3, 3), 0.0);     // last padded row/col
  EXPECT_DOUBLE_EQ(T(-0.5, -0.5), 0.25);
  EXPECT_DOUBLE_EQ(T(-9, 0), 0.0);    // clipped to padded row 0 (zeros)
  EXPECT_DOUBLE_EQ(T(2.5, 0), 3.5);
  // Pads are ignored by the other rules.
  EXPECT_DOUBLE_EQ(
      sample(Boundary::Zero, kX3, 3, 3, 3, 1, 2, 2, 1, 1, 1, 1), 9.0);
  EXPECT_DOUBLE_EQ(
      sample(Boundary::DCNv1, kX3, 3, 3, 3, 1, 2.5, 0, 1, 1, 1, 1), 7.0);
}

TEST(Sample, StridesSelectElements) {
  // Transposed view of the same buffer: (r, c) -> kX3[c*3 + r].
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp})
    for (double h : {0.0, 0.5, 1.25, 1.9})
      for (double w : {0.0, 0.75, 1.5})
        EXPECT_DOUBLE_EQ(sample(rule, kX3, 3, 3, 1, 3, h, w), S(rule, w, h));
  // A column of an NHWC-like buffer (channel stride 2).
  const double buf[] = {1, -1, 2, -1, 3, -1, 4, -1};
  EXPECT_DOUBLE_EQ(sample(Boundary::Zero, buf, 2, 2, 4, 2, 0.5, 0.5), 2.5);
}

TEST(Sample, NonFiniteCoordinates) {
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp}) {
    EXPECT_EQ(S(rule, kNaN, 1), 0.0);
    EXPECT_EQ(S(rule, 1, kNaN), 0.0);
    EXPECT_EQ(S(rule, kNaN, kNaN), 0.0);
    EXPECT_EQ(S(rule, -0.0, 1.25), S(rule, 0.0, 1.25));
    EXPECT_EQ(S(rule, 1.25, -0.0), S(rule, 1.25, 0.0));
    for (double v : kBadValues)
      for (double o : {0.0, 1.0, 1.5}) {
        EXPECT_TRUE(std::isfinite(S(rule, v, o)));
        EXPECT_TRUE(std::isfinite(S(rule, o, v)));
      }
  }
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1})
    for (double v : {kInf, -kInf, 1e30, -1e30, 1e300}) {
      EXPECT_EQ(S(rule, v, 1), 0.0);
      EXPECT_EQ(S(rule, 1, v), 0.0);
    }
  // TFClamp: -Inf clips to row/col 0, +Inf to the last one (weight 0).
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, -kInf, 1), 2.0);
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, 1, -kInf), 4.0);
  EXPECT_DOUBLE_EQ(S(Boundary::TFClamp, -1e30, -1e30), 1.0);
  EXPECT_EQ(S(Boundary::TFClamp, kInf, 1), 0.0);
  EXPECT_EQ(S(Boundary::TFClamp, 1, 1e30), 0.0);
  EXPECT_EQ(S(Boundary::TFClamp, -kInf, kNaN), 0.0);
}

//===----------------------------------------------------------------------===//
// Convolution (SEMANTICS 1)
//===----------------------------------------------------------------------===//

TEST(Conv2d, OutputSizeFormula) {
  Conv2dParams p = genericParams();
  EXPECT_EQ(p.outH(), (7 + 1 + 2 - 3) / 2 + 1); // 4
  EXPECT_EQ(p.outW(), (6 + 0 + 1 - 3) / 1 + 1); // 5
  EXPECT_EQ(p.inputSize(), 2 * 4 * 7 * 6);
  EXPECT_EQ(p.offsetSize(), 2 * 2 * 2 * 6 * 4 * 5);
  EXPECT_EQ(p.maskSize(), 2 * 2 * 6 * 4 * 5);
  EXPECT_EQ(p.weightSize(), 6 * 2 * 3 * 2);
  EXPECT_EQ(p.outputSize(), 2 * 6 * 4 * 5);
  // Floor division: a negative numerator never rounds up to a valid size.
  Conv2dParams q = p;
  q.inH = 2;
  q.padTop = q.padBottom = 0;
  q.kernelH = 4;
  q.strideH = 2; // (2 - 4) / 2 + 1 would truncate to 0; floor gives 0 too
  EXPECT_EQ(q.outH(), 0);
  q.kernelH = 3; // (2 - 3) = -1: truncation would give 1, floor gives 0
  EXPECT_EQ(q.outH(), 0);
  EXPECT_EQ(q.outputSize(), 0);
}

TEST(Conv2d, ZeroOffsetsEqualPlainConvolution) {
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1}) {
    Conv2dParams p = genericParams();
    p.boundary = rule;
    ConvData d = makeConv(p, 1, 0.0);
    std::vector<double> zeros(d.offset.size(), 0.0);
    std::vector<double> out =
        runConv(p, d.input, zeros, d.weight, nullptr, d.bias.data());
    std::vector<double> ref = plainConv(p, d.input, d.weight, d.bias.data());
    EXPECT_LT(maxAbsDiff(out, ref), 1e-12) << "rule " << int(rule);
    // An all-ones mask is the same as no mask.
    std::vector<double> ones(d.mask.size(), 1.0);
    EXPECT_EQ(out, runConv(p, d.input, zeros, d.weight, ones.data(),
                           d.bias.data()));
  }
}

TEST(Conv2d, ZeroOffsetsEqualPlainConvolutionWithGroupsOnly) {
  Conv2dParams p = genericParams();
  p.groups = 3;
  p.inChannels = 6;
  p.outChannels = 3;
  p.offsetGroups = 1;
  p.padLeft = 2;
  ConvData d = makeConv(p, 2, 0.0);
  std::vector<double> zeros(d.offset.size(), 0.0);
  EXPECT_LT(maxAbsDiff(runConv(p, d.input, zeros, d.weight, nullptr, nullptr),
                       plainConv(p, d.input, d.weight, nullptr)),
            1e-12);
}

TEST(Conv2d, TFLayerValidPaddingSkipsLastRowAndColumn) {
  Conv2dParams p;
  p.batch = 1;
  p.inChannels = 2;
  p.inH = 4;
  p.inW = 5;
  p.outChannels = 3;
  p.kernelH = 2;
  p.kernelW = 2;
  p.offsetGroups = 3; // TF default: og = OC
  p.offsetGroupAxis = OffsetGroupAxis::OutputChannels;
  p.boundary = Boundary::TFClamp;
  ConvData d = makeConv(p, 3, 0.0);
  std::vector<double> zeros(d.offset.size(), 0.0);
  std::vector<double> out =
      runConv(p, d.input, zeros, d.weight, nullptr, d.bias.data());
  // Expected: plain convolution of the input with its last row and column
  // zeroed.
  std::vector<double> cut = d.input;
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t r = 0; r < 4; ++r)
      for (int64_t q = 0; q < 5; ++q)
        if (r == 3 || q == 4)
          cut[(c * 4 + r) * 5 + q] = 0.0;
  EXPECT_LT(maxAbsDiff(out, plainConv(p, cut, d.weight, d.bias.data())), 1e-12);
  // ... and it is NOT a plain convolution.
  EXPECT_GT(maxAbsDiff(out, plainConv(p, d.input, d.weight, d.bias.data())),
            1e-3);
  // Changing the last row/column does not change the output.
  std::vector<double> changed = d.input;
  for (int64_t c = 0; c < 2; ++c) {
    changed[(c * 4 + 3) * 5 + 1] += 10.0;
    changed[(c * 4 + 1) * 5 + 4] -= 10.0;
  }
  EXPECT_EQ(out, runConv(p, changed, zeros, d.weight, nullptr, d.bias.data()));
}

TEST(Conv2d, TFLayerSamePaddingZeroOffsetsIsPlainConvolution) {
  // 'same' with k = 3, s = 1: p = 2 split (1, 1); the last padded row is a
  // pad row, so every input row contributes.
  Conv2dParams p;
  p.batch = 1;
  p.inChannels = 2;
  p.inH = 4;
  p.inW = 4;
  p.outChannels = 2;
  p.kernelH = 3;
  p.kernelW = 3;
  p.padTop = p.padLeft = p.padBottom = p.padRight = 1;
  p.offsetGroups = 2;
  p.offsetGroupAxis = OffsetGroupAxis::OutputChannels;
  p.boundary = Boundary::TFClamp;
  ConvData d = makeConv(p, 4, 0.0);
  std::vector<double> zeros(d.offset.size(), 0.0);
  EXPECT_LT(maxAbsDiff(runConv(p, d.input, zeros, d.weight, nullptr,
                               d.bias.data()),
                       plainConv(p, d.input, d.weight, d.bias.data())),
            1e-12);
}

TEST(Conv2d, LayoutsGiveIdenticalResults) {
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp})
    for (OffsetGroupAxis axis :
         {OffsetGroupAxis::InputChannels, OffsetGroupAxis::OutputChannels}) {
      Conv2dParams p = genericParams();
      p.outChannels = 4;
      p.boundary = rule;
      p.offsetGroupAxis = axis;
      p.offsetGroups = axis == OffsetGroupAxis::InputChannels ? 2 : 4;
      ConvData d = makeConv(p, 5, 2.5);
      const int64_t B = p.batch, C = p.inChannels, OC = p.outChannels;
      const int64_t Ho = p.outH(), Wo = p.outW(), K = p.kernelH * p.kernelW;
      const int64_t og = p.offsetGroups;
      std::vector<double> base = runConv(p, d.input, d.offset, d.weight,
                                         d.mask.data(), d.bias.data());
      ASSERT_TRUE(allFinite(base));
      std::vector<double> inNhwc = nchwToNhwc(d.input, B, C, p.inH, p.inW);
      std::vector<double> wHwoi =
          oihwToHwoi(d.weight, OC, C / p.groups, p.kernelH, p.kernelW);
      std::vector<double> offIl =
          planarToInterleaved(d.offset, B, og, K, 2, Ho, Wo);
      std::vector<double> maskIl =
          planarToInterleaved(d.mask, B, og, K, 1, Ho, Wo);
      std::vector<double> baseNhwc = nchwToNhwc(base, B, OC, Ho, Wo);
      for (DataLayout dl : {DataLayout::NCHW, DataLayout::NHWC})
        for (OffsetLayout ol : {OffsetLayout::Planar, OffsetLayout::Interleaved})
          for (WeightLayout wl : {WeightLayout::OIHW, WeightLayout::HWOI}) {
            Conv2dParams q = p;
            q.dataLayout = dl;
            q.offsetLayout = ol;
            q.weightLayout = wl;
            bool il = ol == OffsetLayout::Interleaved;
            std::vector<double> out = runConv(
                q, dl == DataLayout::NHWC ? inNhwc : d.input,
                il ? offIl : d.offset, wl == WeightLayout::HWOI ? wHwoi : d.weight,
                il ? maskIl.data() : d.mask.data(), d.bias.data());
            EXPECT_EQ(out, dl == DataLayout::NHWC ? baseNhwc : base)
                << "rule " << int(rule) << " axis " << int(axis) << " data "
                << int(dl) << " offset " << int(ol) << " weight " << int(wl);
          }
    }
}

TEST(Conv2d, OffsetGroupAxesDiffer) {
  Conv2dParams p = genericParams();
  p.groups = 1;
  p.outChannels = 4;
  p.offsetGroups = 2;
  ConvData d = makeConv(p, 6, 2.0);
  std::vector<double> in =
      runConv(p, d.input, d.offset, d.weight, nullptr, nullptr);
  p.offsetGroupAxis = OffsetGroupAxis::OutputChannels;
  std::vector<double> out =
      runConv(p, d.input, d.offset, d.weight, nullptr, nullptr);
  EXPECT_GT(maxAbsDiff(in, out), 1e-3);
  // og = 1: both axes agree exactly.
  Conv2dParams q = genericParams();
  q.offsetGroups = 1;
  ConvData e = makeConv(q, 7, 2.0);
  std::vector<double> a =
      runConv(q, e.input, e.offset, e.weight, e.mask.data(), e.bias.data());
  q.offsetGroupAxis = OffsetGroupAxis::OutputChannels;
  EXPECT_EQ(a, runConv(q, e.input, e.offset, e.weight, e.mask.data(),
                       e.bias.data()));
}

TEST(Conv2d, InputChannelOffsetGroupsDecompose) {
  // og = 2 on the input axis == sum over g of og = 1 convolutions that only
  // see the input channels of group g and use group g's offsets and mask.
  Conv2dParams p = genericParams();
  p.groups = 1;
  p.outChannels = 3;
  p.offsetGroups = 2;
  ConvData d = makeConv(p, 8, 2.0);
  std::vector<double> full =
      runConv(p, d.input, d.offset, d.weight, d.mask.data(), nullptr);
  Conv2dParams q = p;
  q.offsetGroups = 1;
  const int64_t B = p.batch, K = p.kernelH * p.kernelW;
  const int64_t HW = p.inH * p.inW, HoWo = p.outH() * p.outW();
  std::vector<double> sum(full.size(), 0.0);
  for (int64_t g = 0; g < 2; ++g) {
    std::vector<double> in = d.input;
    for (int64_t b = 0; b < B; ++b)
      for (int64_t c = 0; c < 4; ++c)
        if (c / 2 != g)
          for (int64_t i = 0; i < HW; ++i)
            in[(b * 4 + c) * HW + i] = 0.0;
    std::vector<double> off(static_cast<size_t>(q.offsetSize()));
    std::vector<double> mask(static_cast<size_t>(q.maskSize()));
    for (int64_t b = 0; b < B; ++b) {
      for (int64_t i = 0; i < 2 * K * HoWo; ++i)
        off[b * 2 * K * HoWo + i] = d.offset[(b * 2 + g) * 2 * K * HoWo + i];
      for (int64_t i = 0; i < K * HoWo; ++i)
        mask[b * K * HoWo + i] = d.mask[(b * 2 + g) * K * HoWo + i];
    }
    std::vector<double> part =
        runConv(q, in, off, d.weight, mask.data(), nullptr);
    for (size_t i = 0; i < sum.size(); ++i)
      sum[i] += part[i];
  }
  EXPECT_LT(maxAbsDiff(full, sum), 1e-12);
}

TEST(Conv2d, OutputChannelOffsetGroupsSelectPerFilter) {
  // og = OC on the output axis: filter o == og = 1 convolution with group
  // o's offsets, channel o.
  Conv2dParams p = genericParams();
  p.groups = 1;
  p.outChannels = 3;
  p.offsetGroups = 3;
  p.offsetGroupAxis = OffsetGroupAxis::OutputChannels;
  p.offsetLayout = OffsetLayout::Interleaved;
  p.dataLayout = DataLayout::NHWC;
  p.weightLayout = WeightLayout::HWOI;
  p.boundary = Boundary::TFClamp;
  ConvData d = makeConv(p, 9, 2.0);
  std::vector<double> full =
      runConv(p, d.input, d.offset, d.weight, nullptr, d.bias.data());
  Conv2dParams q = p;
  q.offsetGroups = 1;
  const int64_t K = p.kernelH * p.kernelW, OC = 3;
  const int64_t pixels = p.batch * p.outH() * p.outW();
  for (int64_t g = 0; g < 3; ++g) {
    std::vector<double> off(static_cast<size_t>(q.offsetSize()));
    for (int64_t px = 0; px < pixels; ++px)
      for (int64_t k = 0; k < K; ++k)
        for (int64_t t = 0; t < 2; ++t)
          off[px * K * 2 + 2 * k + t] =
              d.offset[px * K * 3 * 2 + 2 * (k * 3 + g) + t];
    std::vector<double> part =
        runConv(q, d.input, off, d.weight, nullptr, d.bias.data());
    for (int64_t px = 0; px < pixels; ++px)
      EXPECT_EQ(full[px * OC + g], part[px * OC + g]) << "filter " << g;
  }
}

TEST(Conv2d, MaskScalesNonBiasPart) {
  Conv2dParams p = genericParams();
  ConvData d = makeConv(p, 10, 1.5);
  std::vector<double> half(d.mask.size(), 0.5);
  std::vector<double> a =
      runConv(p, d.input, d.offset, d.weight, nullptr, d.bias.data());
  std::vector<double> b =
      runConv(p, d.input, d.offset, d.weight, half.data(), d.bias.data());
  const int64_t HoWo = p.outH() * p.outW();
  double maxNonBias = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    double bias = d.bias[(i / HoWo) % p.outChannels];
    EXPECT_NEAR(b[i] - bias, 0.5 * (a[i] - bias), 1e-12);
    maxNonBias = std::max(maxNonBias, std::fabs(a[i] - bias));
  }
  EXPECT_GT(maxNonBias, 0.1);
  // Zero mask: only the bias remains.
  std::vector<double> zero(d.mask.size(), 0.0);
  std::vector<double> c =
      runConv(p, d.input, d.offset, d.weight, zero.data(), d.bias.data());
  for (size_t i = 0; i < c.size(); ++i)
    EXPECT_EQ(c[i], d.bias[(i / HoWo) % p.outChannels]);
}

TEST(Conv2d, BiasIsAdded) {
  Conv2dParams p = genericParams();
  p.dataLayout = DataLayout::NHWC;
  ConvData d = makeConv(p, 11, 1.5);
  std::vector<double> a = runConv(p, d.input, d.offset, d.weight,
                                  d.mask.data(), d.bias.data());
  std::vector<double> b =
      runConv(p, d.input, d.offset, d.weight, d.mask.data(), nullptr);
  for (size_t i = 0; i < a.size(); ++i) // NHWC: channel is the last axis
    EXPECT_NEAR(a[i] - b[i], d.bias[i % p.outChannels], 1e-12);
}

TEST(Conv2d, SingleTapBilinearByHand) {
  Conv2dParams p;
  p.batch = 1;
  p.inChannels = 1;
  p.inH = 3;
  p.inW = 3;
  p.outChannels = 1;
  p.kernelH = 1;
  p.kernelW = 1;
  std::vector<double> in(kX3, kX3 + 9);
  std::vector<double> off(18);
  for (int i = 0; i < 9; ++i) {
    off[i] = 0.5;      // dy plane
    off[9 + i] = 0.25; // dx plane
  }
  std::vector<double> w = {2.0};
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp}) {
    p.boundary = rule;
    std::vector<double> out = runConv(p, in, off, w, nullptr, nullptr);
    // (0,0): h = 0.5, w = 0.25 over 1,2,4,5.
    EXPECT_DOUBLE_EQ(out[0], 2.0 * (0.5 * 0.75 * 1 + 0.5 * 0.25 * 2 +
                                    0.5 * 0.75 * 4 + 0.5 * 0.25 * 5))
        << int(rule);
    EXPECT_DOUBLE_EQ(out[0], 5.5);
    // (1,0): h = 1.5, w = 0.25 over 4,5,7,8.
    EXPECT_DOUBLE_EQ(out[3], 2.0 * (0.375 * 4 + 0.125 * 5 + 0.375 * 7 +
                                    0.125 * 8));
    // (2,2): h = 2.5, w = 2.25.
    double expect22 = rule == Boundary::Zero    ? 2.0 * 0.5 * 0.75 * 9
                      : rule == Boundary::DCNv1 ? 2.0 * 9
                                                : 0.0;
    EXPECT_DOUBLE_EQ(out[8], expect22) << int(rule);
  }
  // dy comes first: swapping the planes gives S(0.25, 0.5) = 2.25.
  for (int i = 0; i < 9; ++i)
    std::swap(off[i], off[9 + i]);
  p.boundary = Boundary::Zero;
  EXPECT_DOUBLE_EQ(runConv(p, in, off, w, nullptr, nullptr)[0], 2.0 * 2.25);
}

//===----------------------------------------------------------------------===//
// Convolution: adversarial offsets and masks (SEMANTICS 1.3)
//===----------------------------------------------------------------------===//

TEST(Conv2dAdversarial, NaNOffsetsContributeExactlyZero) {
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp}) {
    Conv2dParams p = genericParams();
    p.boundary = rule;
    ConvData d = makeConv(p, 12, 2.0);
    std::vector<double> nan(d.offset.size(), kNaN);
    std::vector<double> out = runConv(p, d.input, nan, d.weight, d.mask.data(),
                                      d.bias.data());
    const int64_t HoWo = p.outH() * p.outW();
    for (size_t i = 0; i < out.size(); ++i)
      EXPECT_EQ(out[i], d.bias[(i / HoWo) % p.outChannels]) << int(rule);
  }
}

TEST(Conv2dAdversarial, BadOffsetOnOneTap) {
  // One tap (k = 3, group 1) gets a bad dy or dx at every output position;
  // the rest are ordinary. Compare with the same conv where that tap's mask
  // is 0 (an exactly-zero contribution).
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp})
    for (OffsetLayout ol : {OffsetLayout::Planar, OffsetLayout::Interleaved}) {
      Conv2dParams p = genericParams();
      p.boundary = rule;
      p.offsetLayout = ol;
      ConvData d = makeConv(p, 13, 2.0);
      const int64_t K = 6, og = 2, g = 1, k = 3, Ho = p.outH(), Wo = p.outW();
      auto offIdx = [&](int64_t b, int64_t y, int64_t x, int64_t t) {
        return ol == OffsetLayout::Planar
                   ? ((b * og * 2 * K + g * 2 * K + 2 * k + t) * Ho + y) * Wo +
                         x
                   : ((b * Ho + y) * Wo + x) * K * og * 2 + 2 * (k * og + g) +
                         t;
      };
      auto maskIdx = [&](int64_t b, int64_t y, int64_t x) {
        return ol == OffsetLayout::Planar
                   ? ((b * og * K + g * K + k) * Ho + y) * Wo + x
                   : ((b * Ho + y) * Wo + x) * K * og + k * og + g;
      };
      std::vector<double> masked = d.mask;
      for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t y = 0; y < Ho; ++y)
          for (int64_t x = 0; x < Wo; ++x)
            masked[maskIdx(b, y, x)] = 0.0;
      std::vector<double> dropped = runConv(p, d.input, d.offset, d.weight,
                                            masked.data(), d.bias.data());
      for (double v : kBadValues)
        for (int64_t t = 0; t < 2; ++t) {
          std::vector<double> off = d.offset;
          for (int64_t b = 0; b < p.batch; ++b)
            for (int64_t y = 0; y < Ho; ++y)
              for (int64_t x = 0; x < Wo; ++x)
                off[offIdx(b, y, x, t)] = v;
          std::vector<double> out = runConv(p, d.input, off, d.weight,
                                            d.mask.data(), d.bias.data());
          EXPECT_TRUE(allFinite(out))
              << "rule " << int(rule) << " value " << v << " t " << t;
          const bool zeroContribution =
              std::isnan(v) ||
              (rule != Boundary::TFClamp && std::fabs(v) >= 1e30) ||
              (rule == Boundary::TFClamp && v >= 1e30 && !std::isnan(v));
          if (zeroContribution) {
            EXPECT_EQ(out, dropped)
                << "rule " << int(rule) << " value " << v << " t " << t;
          }
          if (v == 0.0) { // -0.0 behaves like +0.0
            std::vector<double> pos = off;
            for (int64_t b = 0; b < p.batch; ++b)
              for (int64_t y = 0; y < Ho; ++y)
                for (int64_t x = 0; x < Wo; ++x)
                  pos[offIdx(b, y, x, t)] = 0.0;
            EXPECT_EQ(out, runConv(p, d.input, pos, d.weight, d.mask.data(),
                                   d.bias.data()));
          }
        }
    }
}

TEST(Conv2dAdversarial, AllOffsetsBad) {
  for (Boundary rule : {Boundary::Zero, Boundary::DCNv1, Boundary::TFClamp})
    for (double v : kBadValues) {
      Conv2dParams p = genericParams();
      p.boundary = rule;
      ConvData d = makeConv(p, 14, 1.0);
      std::vector<double> off(d.offset.size(), v);
      // Alternate signs too.
      std::vector<double> alt = off;
      for (size_t i = 0; i < alt.size(); i += 3)
        alt[i] = -alt[i];
      for (const auto *o : {&off, &alt}) {
        std::vector<double> out = runConv(p, d.input, *o, d.weight,
                                          d.mask.data(), d.bias.data());
        EXPECT_TRUE(allFinite(out)) << int(rule) << " " << v;
      }
    }
}

TEST(Conv2dAdversarial, NaNMaskPropagates) {
  Conv2dParams p = genericParams();
  ConvData d = makeConv(p, 15, 1.0);
  std::vector<double> mask = d.mask;
  const int64_t Ho = p.outH(), Wo = p.outW();
  mask[((0 * 12 + 1 * 6 + 2) * Ho + 1) * Wo + 2] = kNaN; // b0, g1, k2, (1,2)
  std::vector<double> out =
      runConv(p, d.input, d.offset, d.weight, mask.data(), d.bias.data());
  // Group 1 (input channels 2, 3) feeds weight group 1 (outputs 3..5).
  for (int64_t o = 0; o < p.outChannels; ++o)
    for (int64_t y = 0; y < Ho; ++y)
      for (int64_t x = 0; x < Wo; ++x) {
        double v = out[((0 * 6 + o) * Ho + y) * Wo + x];
        bool hit = o >= 3 && y == 1 && x == 2;
        EXPECT_EQ(std::isnan(v), hit) << o << " " << y << " " << x;
      }
  // Even when the sample itself is 0 (NaN offset): NaN * 0 = NaN.
  std::vector<double> nanOff(d.offset.size(), kNaN);
  out = runConv(p, d.input, nanOff, d.weight, mask.data(), d.bias.data());
  EXPECT_TRUE(std::isnan(out[((0 * 6 + 3) * Ho + 1) * Wo + 2]));
  EXPECT_FALSE(std::isnan(out[((0 * 6 + 2) * Ho + 1) * Wo + 2]));
}

//===----------------------------------------------------------------------===//
// validate()
//===----------------------------------------------------------------------===//

TEST(Validate, Conv2dMessages) {
  EXPECT_EQ(validate(genericParams()), "");
  Conv2dParams p = genericParams();
  p.inChannels = 6;
  p.groups = 4;
  EXPECT_EQ(validate(p), "inChannels (6) must be divisible by groups (4)");
  p = genericParams();
  p.inChannels = 8;
  p.outChannels = 6;
  p.groups = 4;
  p.offsetGroups = 1;
  EXPECT_EQ(validate(p), "outChannels (6) must be divisible by groups (4)");
  p = genericParams();
  p.batch = 0;
  EXPECT_EQ(validate(p), "batch (0) must be >= 1");
  p = genericParams();
  p.kernelW = -2;
  EXPECT_EQ(validate(p), "kernelW (-2) must be >= 1");
  p = genericParams();
  p.strideH = 0;
  EXPECT_EQ(validate(p), "strideH (0) must be >= 1");
  p = genericParams();
  p.dilationW = 0;
  EXPECT_EQ(validate(p), "dilationW (0) must be >= 1");
  p = genericParams();
  p.padTop = -1;
  EXPECT_EQ(validate(p), "padTop (-1) must be >= 0");
  p = genericParams();
  p.offsetGroups = 3;
  EXPECT_EQ(validate(p), "inChannels (4) must be divisible by offsetGroups "
                         "(3) when offset groups split the input channels");
  p.offsetGroupAxis = OffsetGroupAxis::OutputChannels; // OC = 6
  EXPECT_EQ(validate(p), "");
  p.offsetGroups = 4;
  EXPECT_EQ(validate(p), "outChannels (6) must be divisible by offsetGroups "
                         "(4) when offset groups split the output channels");
  p = genericParams();
  p.inH = 2;
  p.padTop = p.padBottom = 0;
  p.kernelH = 3;
  p.dilationH = 2;
  p.strideH = 1;
  EXPECT_EQ(validate(p), "outH (-2) must be >= 1: inH + padTop + padBottom "
                         "(2) is smaller than the dilated kernel height (5)");
  p = genericParams();
  p.inW = 1;
  p.padLeft = p.padRight = 0;
  p.dilationW = 1;
  EXPECT_EQ(validate(p), "outW (0) must be >= 1: inW + padLeft + padRight "
                         "(1) is smaller than the dilated kernel width (2)");
  p = genericParams();
  p.dilationH = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(validate(p), "dilated kernel height overflows int64");
  EXPECT_EQ(p.outH(), 0);
  p = genericParams();
  p.inH = p.inW = int64_t(1) << 40;
  EXPECT_EQ(validate(p), "input element count overflows int64");
  EXPECT_EQ(p.inputSize(), 0);
  p = genericParams();
  p.padBottom = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(validate(p), "inH + padTop + padBottom overflows int64");
}

TEST(Validate, RoiPoolMessages) {
  RoiPoolParams m = mmcvParams(1, 3, 4, 4, 2, 2, 2);
  EXPECT_EQ(m.validate(), "");
  m.outChannels = 4;
  EXPECT_EQ(m.validate(),
            "outChannels (4) must equal channels (3) for the MMCV variant");
  m = mmcvParams(1, 3, 4, 4, 0, 2, 2);
  EXPECT_EQ(m.validate(), ""); // zero rois is allowed
  m.numRois = -1;
  EXPECT_EQ(m.validate(), "numRois (-1) must be >= 0");
  m = mmcvParams(1, 3, 4, 4, 2, 0, 2);
  EXPECT_EQ(m.validate(), "pooledH (0) must be >= 1");
  m = mmcvParams(1, 3, 4, 4, 2, 2, 2);
  m.samplingRatio = -1;
  EXPECT_EQ(m.validate(), "samplingRatio (-1) must be >= 0");
  m = mmcvParams(1, 3, 4, 4, 2, 2, 2);
  m.spatialScale = kNaN;
  EXPECT_EQ(m.validate(), "spatialScale (nan) must be finite");
  m = mmcvParams(1, 3, 4, 4, 2, 2, 2);
  m.gamma = kInf;
  EXPECT_EQ(m.validate(), "gamma (inf) must be finite");

  RoiPoolParams s = psParams(1, 2, 2, 1);
  EXPECT_EQ(s.validate(), "");
  s.channels = 8;
  EXPECT_EQ(s.validate(), "channels (8) must equal outChannels * "
                          "groupSize^2 (1 * 2^2 = 4)");
  s = psParams(3, 2, 2, 1);
  s.hasOffset = true;
  s.transChannels = 3;
  EXPECT_EQ(s.validate(),
            "transChannels (3) must be a positive even number (2 * "
            "num_classes)");
  s.transChannels = 4;
  EXPECT_EQ(s.validate(), "outChannels (3) must be divisible by num_classes "
                          "= transChannels / 2 (2)");
  s.transChannels = 6;
  EXPECT_EQ(s.validate(), "");
  s.hasMask = true;
  EXPECT_EQ(s.validate(),
            "hasMask (true) must be false for the DCNPSRoI variant");
  s = psParams(1, 2, 2, 1);
  s.samplePerPart = 0;
  EXPECT_EQ(s.validate(), "samplePerPart (0) must be >= 1");
  s = psParams(1, 2, 2, 1);
  s.transStd = -kInf;
  EXPECT_EQ(s.validate(), "transStd (-inf) must be finite");
}

//===----------------------------------------------------------------------===//
// RoI pooling, mmcv (SEMANTICS 2.1)
//===----------------------------------------------------------------------===//

TEST(RoiPoolMMCV, HandChecked) {
  std::vector<double> X = linear4x4();
  // roi (1,1)-(3,3): sw = 0.5, rw = 2; adaptive grid 2x2 samples at 1 and 2:
  // (5 + 6 + 9 + 10) / 4 = 7.5.
  RoiPoolParams p = mmcvParams(1, 1, 4, 4, 1, 1, 1);
  std::vector<double> rois = {0, 1, 1, 3, 3};
  EXPECT_DOUBLE_EQ(runRoi(p, X, rois, nullptr, nullptr)[0], 7.5);
  // 2x2 bins of size 1, grid ceil(0.5) = 1: centers at 1 and 2.
  p = mmcvParams(1, 1, 4, 4, 1, 2, 2);
  std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr);
  EXPECT_EQ(out, (std::vector<double>{5, 6, 9, 10}));
  // sampling_ratio 2 on 2x2 bins: samples at 0.75/1.25 and 1.75/2.25.
  p.samplingRatio = 2;
  out = runRoi(p, X, rois, nullptr, nullptr);
  EXPECT_DOUBLE_EQ(out[0], 5.0);
  EXPECT_DOUBLE_EQ(out[3], 10.0);
  // spatial_scale 0.5 with roi (2,2)-(6,6) is the same roi.
  p = mmcvParams(1, 1, 4, 4, 1, 1, 1);
  p.spatialScale = 0.5;
  rois = {0, 2, 2, 6, 6};
  EXPECT_DOUBLE_EQ(runRoi(p, X, rois, nullptr, nullptr)[0], 7.5);
}

TEST(RoiPoolMMCV, BordersAndDegenerateRois) {
  std::vector<double> X = linear4x4();
  RoiPoolParams p = mmcvParams(1, 1, 4, 4, 5, 1, 1);
  std::vector<double> rois = {
      0, 3,  3,  5,  5,  // samples at 3 and 4: all read X[3][3] = 15
      0, 4,  4,  6,  6,  // samples at 4 (-> 15) and 5 (outside): 15 / 4
      0, 10, 10, 12, 12, // wholly outside: 0
      0, 3,  1,  1,  3,  // x2 < x1: 0 samples along x -> 0
      0, 1,  1,  1,  3,  // zero width: 0
  };
  std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr);
  EXPECT_DOUBLE_EQ(out[0], 15.0);
  EXPECT_DOUBLE_EQ(out[1], 3.75);
  EXPECT_EQ(out[2], 0.0);
  EXPECT_EQ(out[3], 0.0);
  EXPECT_EQ(out[4], 0.0);
  // A fixed sampling ratio still samples a degenerate roi.
  p.samplingRatio = 1;
  out = runRoi(p, X, rois, nullptr, nullptr);
  EXPECT_DOUBLE_EQ(out[3], 4.0 * 1.5 + 1.5); // sample at (1.5, 1.5)
}

TEST(RoiPoolMMCV, ZeroOffsetIsRoiAlignAligned) {
  const int N = 2, C = 3, H = 6, W = 7;
  Rng rng(20);
  std::vector<double> X = rng.vec(N * C * H * W, -1, 1);
  std::vector<double> rois = {0, 0.3, 1.2, 4.7, 5.1,  1, -1.5, -0.7, 2.2, 3.9,
                              1, 5.5, 4.5, 9.0, 7.25, 0, 2.0,  2.0,  2.4, 2.2,
                              0, 1.0, 0.0, 6.0, 5.0};
  for (int ratio : {0, 1, 3})
    for (double scale : {1.0, 0.625}) {
      RoiPoolParams p = mmcvParams(N, C, H, W, 5, 3, 2);
      p.samplingRatio = ratio;
      p.spatialScale = scale;
      std::vector<double> expect =
          tvRoiAlign(X, N, C, H, W, rois, 3, 2, scale, ratio);
      std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr);
      EXPECT_LT(maxAbsDiff(out, expect), 1e-12) << ratio << " " << scale;
      // An all-zero offset tensor gives the same result.
      p.hasOffset = true;
      std::vector<double> zeros(static_cast<size_t>(p.offsetSize()), 0.0);
      EXPECT_EQ(out, runRoi(p, X, rois, &zeros, nullptr));
    }
}

TEST(RoiPoolMMCV, OffsetShiftsTheBin) {
  const int N = 1, C = 2, H = 8, W = 9;
  Rng rng(21);
  std::vector<double> X = rng.vec(N * C * H * W, -1, 1);
  const double scale = 0.5, gamma = 0.1;
  std::vector<double> rois = {0, 3.0, 2.0, 11.0, 9.0};
  const double rw = (11.0 - 3.0) * scale, rh = (9.0 - 2.0) * scale;
  const double ox = 1.5, oy = -2.0;
  RoiPoolParams p = mmcvParams(N, C, H, W, 1, 2, 2);
  p.spatialScale = scale;
  p.gamma = gamma;
  p.hasOffset = true;
  // offset [R, 2, PH, PW]: channel 0 = x, channel 1 = y; same for all bins.
  std::vector<double> off = {ox, ox, ox, ox, oy, oy, oy, oy};
  std::vector<double> out = runRoi(p, X, rois, &off, nullptr);
  // Equivalent shifted roi (image coordinates).
  const double sx = gamma * rw * ox / scale, sy = gamma * rh * oy / scale;
  std::vector<double> shifted = {0, 3.0 + sx, 2.0 + sy, 11.0 + sx, 9.0 + sy};
  RoiPoolParams q = p;
  q.hasOffset = false;
  std::vector<double> expect = runRoi(q, X, shifted, nullptr, nullptr);
  EXPECT_LT(maxAbsDiff(out, expect), 1e-12);
  EXPECT_GT(maxAbsDiff(out, runRoi(q, X, rois, nullptr, nullptr)), 1e-3);
  // Channel 0 moves x only.
  std::vector<double> offX = {ox, ox, ox, ox, 0, 0, 0, 0};
  std::vector<double> shiftedX = {0, 3.0 + sx, 2.0, 11.0 + sx, 9.0};
  EXPECT_LT(maxAbsDiff(runRoi(p, X, rois, &offX, nullptr),
                       runRoi(q, X, shiftedX, nullptr, nullptr)),
            1e-12);
  // Per-bin offsets: only bin (1, 0) moves.
  std::vector<double> offBin = {0, 0, 0, 0, 0, 0, oy, 0};
  std::vector<double> a = runRoi(p, X, rois, &offBin, nullptr);
  std::vector<double> base = runRoi(q, X, rois, nullptr, nullptr);
  std::vector<double> moved = runRoi(q, X, {0, 3.0, 2.0 + sy, 11.0, 9.0 + sy},
                                     nullptr, nullptr);
  for (int c = 0; c < C; ++c)
    for (int b = 0; b < 4; ++b)
      EXPECT_NEAR(a[c * 4 + b], (b == 2 ? moved : base)[c * 4 + b], 1e-12);
}

TEST(RoiPoolMMCV, ModulatedMaskScales) {
  const int N = 1, C = 2, H = 5, W = 5;
  Rng rng(22);
  std::vector<double> X = rng.vec(N * C * H * W, -1, 1);
  std::vector<double> rois = {0, 0.5, 1.0, 3.5, 4.0, 0, 1, 1, 2, 2};
  RoiPoolParams p = mmcvParams(N, C, H, W, 2, 2, 2);
  p.hasOffset = true;
  std::vector<double> off = rng.vec(p.offsetSize(), -0.5, 0.5);
  std::vector<double> plain = runRoi(p, X, rois, &off, nullptr);
  p.hasMask = true;
  std::vector<double> mask = {0.25, 0.5, 0.75, 1.0, 0.0, 0.1, 0.2, 0.3};
  std::vector<double> out = runRoi(p, X, rois, &off, &mask);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < C; ++c)
      for (int b = 0; b < 4; ++b)
        EXPECT_DOUBLE_EQ(out[(r * C + c) * 4 + b],
                         plain[(r * C + c) * 4 + b] * mask[r * 4 + b]);
}

TEST(RoiPoolMMCV, AdaptiveGridIsCapped) {
  // Constant input, roi 1 wide and 1536 tall (y1 = 0, so sh = -0.5):
  // uncapped, 1536 samples at y = iy would put 5 inside (y <= H = 4):
  // 5/1536. Capped at kMaxAdaptiveSamples = 512: y = 1 + 3*iy, 2 inside (1
  // and 4): 2/512.
  static_assert(kMaxAdaptiveSamples == 512, "contract value");
  std::vector<double> X(16, 1.0);
  RoiPoolParams p = mmcvParams(1, 1, 4, 4, 1, 1, 1);
  std::vector<double> rois = {0, 0, 0, 1, 1536};
  EXPECT_DOUBLE_EQ(runRoi(p, X, rois, nullptr, nullptr)[0], 2.0 / 512.0);
  // A fixed sampling ratio is not capped.
  p.samplingRatio = 1536;
  EXPECT_DOUBLE_EQ(runRoi(p, X, rois, nullptr, nullptr)[0], 5.0 / 1536.0);
}

TEST(RoiPoolMMCV, BatchIndex) {
  const int N = 2, C = 1, H = 4, W = 4;
  std::vector<double> X = linear4x4();
  for (int i = 0; i < 16; ++i)
    X.push_back(100 + i);
  RoiPoolParams p = mmcvParams(N, C, H, W, 9, 1, 1);
  std::vector<double> rois;
  for (double b : {0.0, 1.0, 1.5, -0.5, 0.9, 2.0, -1.0, kNaN, -kInf})
    for (double v : {b, 1.0, 1.0, 3.0, 3.0})
      rois.push_back(v);
  std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr);
  EXPECT_DOUBLE_EQ(out[0], 7.5);
  EXPECT_DOUBLE_EQ(out[1], 107.5);
  EXPECT_DOUBLE_EQ(out[2], 107.5); // truncation
  EXPECT_DOUBLE_EQ(out[3], 7.5);   // -0.5 truncates to 0
  EXPECT_DOUBLE_EQ(out[4], 7.5);
  for (int i = 5; i < 9; ++i)
    EXPECT_EQ(out[i], 0.0) << "invalid batch index " << rois[i * 5];
}

TEST(RoiPoolMMCV, AdversarialRoisAndOffsets) {
  const int N = 2, C = 2, H = 5, W = 6;
  Rng rng(23);
  std::vector<double> X = rng.vec(N * C * H * W, -1, 1);
  std::vector<double> rois;
  for (double v : kBadValues)
    for (int pos = 0; pos < 5; ++pos) {
      double roi[5] = {1, 0.5, 1.0, 4.0, 3.5};
      roi[pos] = v;
      rois.insert(rois.end(), roi, roi + 5);
    }
  // Whole roi bad, and a huge-but-finite roi hitting the 512 cap.
  for (double v : kBadValues)
    for (double r : {0.0, v, -v, v, v})
      rois.push_back(r);
  for (double r : {0.0, -1e30, -1e30, 1e30, 1e30})
    rois.push_back(r);
  const int64_t R = static_cast<int64_t>(rois.size() / 5);
  for (int ratio : {0, 2}) {
    RoiPoolParams p = mmcvParams(N, C, H, W, R, 2, 2);
    p.samplingRatio = ratio;
    std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr);
    EXPECT_TRUE(allFinite(out)) << ratio;
    // Bad offsets: finite outputs; NaN/Inf offsets give exactly 0.
    p.hasOffset = true;
    p.hasMask = true;
    std::vector<double> mask(static_cast<size_t>(p.maskSize()), 0.5);
    for (double v : kBadValues) {
      std::vector<double> off(static_cast<size_t>(p.offsetSize()), v);
      out = runRoi(p, X, rois, &off, &mask);
      EXPECT_TRUE(allFinite(out)) << ratio << " " << v;
      if (!std::isfinite(v)) {
        for (size_t i = 0; i < out.size(); ++i)
          EXPECT_EQ(out[i], 0.0) << ratio << " " << v << " " << i;
      }
      // Only one channel bad (x or y).
      std::vector<double> half(off.size(), 0.1);
      for (size_t i = 0; i < half.size(); i += 8)
        for (size_t j = 0; j < 4; ++j)
          half[i + j] = v;
      EXPECT_TRUE(allFinite(runRoi(p, X, rois, &half, &mask)));
    }
  }
  // Sanity on one of the rois: a NaN coordinate gives 0.
  RoiPoolParams p = mmcvParams(N, C, H, W, 1, 2, 2);
  std::vector<double> nanRoi = {0, 0.5, kNaN, 4.0, 3.5};
  for (double v : runRoi(p, X, nanRoi, nullptr, nullptr))
    EXPECT_EQ(v, 0.0);
  // Zero rois: nothing is written, nothing read.
  RoiPoolParams z = mmcvParams(N, C, H, W, 0, 2, 2);
  EXPECT_TRUE(runRoi(z, X, {}, nullptr, nullptr).empty());
}

//===----------------------------------------------------------------------===//
// RoI pooling, position-sensitive (SEMANTICS 2.2)
//===----------------------------------------------------------------------===//

TEST(RoiPoolPS, HandComputedNoTrans) {
  // group 2, pooled 2, output_dim 1: 4 channels, X_c[r][q] = 100c + 4r + q.
  // roi (0,0)-(3,3): sw = -0.5, rw = 4, bins of 2.
  std::vector<double> X = psInput(4);
  std::vector<double> rois = {0, 0, 0, 3, 3};
  std::vector<double> count;
  RoiPoolParams p = psParams(1, 2, 2, 1);
  std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr, &count);
  EXPECT_EQ(out, (std::vector<double>{0.0, 101.5, 206.0, 307.5}));
  EXPECT_EQ(count, (std::vector<double>{1, 1, 1, 1}));
  p.samplePerPart = 2; // samples at {-0.5->0, 0.5} and {1.5, 2.5}
  out = runRoi(p, X, rois, nullptr, nullptr, &count);
  EXPECT_EQ(out, (std::vector<double>{1.25, 103.0, 208.25, 310.0}));
  EXPECT_EQ(count, (std::vector<double>{4, 4, 4, 4}));
  // rois are rounded half away from zero: (-0.4, 0.3, 2.5, 2.6) rounds to
  // (0, 0, 3, 3).
  rois = {0, -0.4, 0.3, 2.5, 2.6};
  EXPECT_EQ(runRoi(p, X, rois, nullptr, nullptr),
            (std::vector<double>{1.25, 103.0, 208.25, 310.0}));
  // count may be nullptr.
  EXPECT_EQ(runRoi(p, X, rois, nullptr, nullptr, nullptr)[1], 103.0);
}

TEST(RoiPoolPS, TransShiftsParts) {
  std::vector<double> X = psInput(4);
  std::vector<double> rois = {0, 0, 0, 3, 3};
  RoiPoolParams p = psParams(1, 2, 2, 1);
  std::vector<double> noTrans = runRoi(p, X, rois, nullptr, nullptr);
  p.hasOffset = true;
  p.transChannels = 2;
  p.transStd = 0.1;
  // trans [1, 2, 2, 2]: zero trans == no_trans.
  std::vector<double> trans(8, 0.0);
  EXPECT_EQ(runRoi(p, X, rois, &trans, nullptr), noTrans);
  trans[0 * 4 + 0 * 2 + 0] = 5.0;  // x of part (0,0): tx*rw = 0.5*4 = 2
  trans[1 * 4 + 1 * 2 + 1] = -2.5; // y of part (1,1): ty*rh = -1
  std::vector<double> count;
  std::vector<double> out = runRoi(p, X, rois, &trans, nullptr, &count);
  EXPECT_DOUBLE_EQ(out[0], 1.5);   // c0 at h = -0.5 -> 0, w = 1.5
  EXPECT_DOUBLE_EQ(out[1], 101.5); // unchanged
  EXPECT_DOUBLE_EQ(out[2], 206.0); // unchanged
  EXPECT_DOUBLE_EQ(out[3], 303.5); // c3 at h = 0.5, w = 1.5
  EXPECT_EQ(count, (std::vector<double>{1, 1, 1, 1}));
  // A large shift pushes every sample out: out 0, count 0.
  trans[0] = 100.0;
  out = runRoi(p, X, rois, &trans, nullptr, &count);
  EXPECT_EQ(out[0], 0.0);
  EXPECT_EQ(count[0], 0.0);
}

TEST(RoiPoolPS, TransClasses) {
  // output_dim 4, group 1, num_classes 2: channels_each_class = 2, so ctop
  // 0, 1 use trans channels 0, 1 and ctop 2, 3 use trans channels 2, 3.
  std::vector<double> X = psInput(4);
  RoiPoolParams p = psParams(4, 1, 1, 1);
  p.hasOffset = true;
  p.transChannels = 4;
  p.transStd = 0.1;
  std::vector<double> trans = {0.0, 0.0, 2.5, 0.0}; // [1, 4, 1, 1]
  std::vector<double> out = runRoi(p, X, {0, 0, 0, 3, 3}, &trans, nullptr);
  // Class 0 samples (h, w) = (-0.5, -0.5) -> (0, 0); class 1 w = -0.5 +
  // 0.25*4 = 0.5.
  EXPECT_EQ(out, (std::vector<double>{0.0, 100.0, 200.5, 300.5}));
}

TEST(RoiPoolPS, CountPartlyOutside) {
  // roi (3,3)-(5,5): sw = 2.5, rw = 3, bins 1.5, sub-bins 0.75.
  std::vector<double> X = psInput(4);
  RoiPoolParams p = psParams(1, 2, 2, 2);
  std::vector<double> count;
  std::vector<double> out =
      runRoi(p, X, {0, 3, 3, 5, 5}, nullptr, nullptr, &count);
  EXPECT_EQ(count, (std::vector<double>{4, 0, 0, 0}));
  // Bin (0,0), c0: h, w in {2.5, 3.25} -> clamped to {2.5, 3}.
  EXPECT_DOUBLE_EQ(out[0], 4 * 2.75 + 2.75);
  EXPECT_EQ(out[1], 0.0);
  EXPECT_EQ(out[3], 0.0);
  // Samples exactly on the last row/column of the last channel (reads
  // nothing past it): roi (3,3)-(3,3), sw = 2.5, rw = 1, bins 0.5.
  p.samplePerPart = 1;
  out = runRoi(p, X, {0, 3, 3, 3, 3}, nullptr, nullptr, &count);
  EXPECT_EQ(out, (std::vector<double>{12.5, 113.0, 214.5, 315.0}));
  EXPECT_EQ(count, (std::vector<double>{1, 1, 1, 1}));
  p.samplePerPart = 2;
  // Tiny roi is forced to 0.1 wide: x2 < x1. sw = 1.5, bins 0.05, sub-bins
  // 0.025: mean sample of bin (ph, pw) is 1.5 + 0.05 * (ph, pw) + 0.0125.
  out = runRoi(p, X, {0, 2, 2, 0, 0}, nullptr, nullptr, &count);
  EXPECT_NEAR(out[0], 5 * 1.5125, 1e-12);
  EXPECT_NEAR(out[1], 100 + 4 * 1.5125 + 1.5625, 1e-12);
  EXPECT_NEAR(out[3], 300 + 5 * 1.5625, 1e-12);
  for (double c : count)
    EXPECT_EQ(c, 4.0);
}

TEST(RoiPoolPS, AdversarialRoisAndTrans) {
  std::vector<double> X = psInput(4);
  X.insert(X.end(), X.begin(), X.end()); // batch 2
  std::vector<double> rois;
  for (double v : kBadValues)
    for (int pos = 0; pos < 5; ++pos) {
      double roi[5] = {1, 0.5, 1.0, 3.0, 2.5};
      roi[pos] = v;
      rois.insert(rois.end(), roi, roi + 5);
    }
  for (double v : kBadValues)
    for (double r : {1.0, v, -v, v, v})
      rois.push_back(r);
  const int64_t R = static_cast<int64_t>(rois.size() / 5);
  RoiPoolParams p = psParams(1, 2, 2, 2);
  p.batch = 2;
  p.numRois = R;
  std::vector<double> count;
  std::vector<double> out = runRoi(p, X, rois, nullptr, nullptr, &count);
  EXPECT_TRUE(allFinite(out));
  for (double c : count)
    EXPECT_TRUE(c >= 0 && c <= 4);
  // NaN coordinate -> all samples skipped.
  for (int pos = 1; pos < 5; ++pos)
    for (int b = 0; b < 4; ++b) {
      EXPECT_EQ(out[pos * 4 + b], 0.0);
      EXPECT_EQ(count[pos * 4 + b], 0.0);
    }
  p.hasOffset = true;
  p.transChannels = 2;
  for (double stdv : {0.0, 0.1})
    for (double v : kBadValues) {
      p.transStd = stdv;
      std::vector<double> trans(static_cast<size_t>(p.offsetSize()), v);
      out = runRoi(p, X, rois, &trans, nullptr, &count);
      EXPECT_TRUE(allFinite(out)) << v;
      for (double c : count)
        EXPECT_TRUE(c >= 0 && c <= 4);
      if (std::isnan(v) || (std::isinf(v) && stdv == 0.0))
        for (size_t i = 0; i < out.size(); ++i) {
          EXPECT_EQ(out[i], 0.0) << v;
          EXPECT_EQ(count[i], 0.0) << v;
        }
    }
}
