//===- Cases.cpp - random deform op cases ---------------------------------===//
#include "Cases.h"
#include "deform/Harness/RoundedOverflow.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>
#include <limits>
#include <sstream>

namespace deform::sweep {
namespace {
int64_t pick(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}
bool coin(std::mt19937_64 &rng, double p = 0.5) {
  return std::bernoulli_distribution(p)(rng);
}

npy::Array randomArray(std::mt19937_64 &rng, std::vector<int64_t> shape,
                       double scale, double mean = 0) {
  npy::Array a;
  a.dtype = npy::DType::F32;
  a.shape = std::move(shape);
  a.data.resize(a.numElements() * sizeof(float));
  std::normal_distribution<double> n(mean, scale);
  float *f = reinterpret_cast<float *>(a.data.data());
  for (int64_t i = 0; i < a.numElements(); ++i)
    f[i] = static_cast<float>(n(rng));
  return a;
}

} // namespace

std::vector<double> toDouble(const npy::Array &a) {
  std::vector<double> out(a.numElements());
  for (size_t i = 0; i < out.size(); ++i) {
    const unsigned char *p = a.data.data() + i * a.elementSize();
    if (a.dtype == npy::DType::F64)
      out[i] = *reinterpret_cast<const double *>(p);
    else if (a.dtype == npy::DType::F16)
      out[i] = double(*reinterpret_cast<const _Float16 *>(p));
    else
      out[i] = *reinterpret_cast<const float *>(p);
  }
  return out;
}

void convertElementType(std::string &mlir, std::vector<npy::Array> &inputs,
                        npy::DType dtype) {
  const char *name = dtype == npy::DType::F64 ? "f64" : "f16";
  for (size_t at = 0; (at = mlir.find("xf32>", at)) != std::string::npos;)
    mlir.replace(at + 1, 3, name);
  for (npy::Array &a : inputs) {
    std::vector<double> values = toDouble(a);
    a.dtype = dtype;
    a.data.resize(values.size() * a.elementSize());
    for (size_t i = 0; i < values.size(); ++i) {
      unsigned char *p = a.data.data() + i * a.elementSize();
      if (dtype == npy::DType::F64)
        *reinterpret_cast<double *>(p) = values[i];
      else
        *reinterpret_cast<_Float16 *>(p) = static_cast<_Float16>(values[i]);
    }
  }
}

namespace {

/// `shape` as a tensor type, with the dimensions in `dynamic` as `?`.
std::string tensorType(const std::vector<int64_t> &shape,
                       std::vector<size_t> dynamic = {}) {
  std::string s = "tensor<";
  for (size_t i = 0; i < shape.size(); ++i) {
    bool dyn = std::find(dynamic.begin(), dynamic.end(), i) != dynamic.end();
    s += (dyn ? std::string("?") : std::to_string(shape[i])) + "x";
  }
  return s + "f32>";
}
} // namespace

ConvCase drawConvCase(std::mt19937_64 &rng, double offsetScale) {
  using namespace ref;
  ConvCase c;
  Conv2dParams &p = c.p;
  for (;;) {
    p = Conv2dParams();
    p.batch = pick(rng, 1, 4);
    p.groups = pick(rng, 1, 3);
    p.offsetGroups = pick(rng, 1, 3);
    p.offsetGroupAxis = coin(rng, 0.3) ? OffsetGroupAxis::OutputChannels
                                       : OffsetGroupAxis::InputChannels;
    int64_t inLcm = p.offsetGroupAxis == OffsetGroupAxis::InputChannels
                        ? std::lcm(p.groups, p.offsetGroups) : p.groups;
    int64_t outLcm = p.offsetGroupAxis == OffsetGroupAxis::OutputChannels
                         ? std::lcm(p.groups, p.offsetGroups) : p.groups;
    p.inChannels = inLcm * pick(rng, 1, 3);
    p.outChannels = outLcm * pick(rng, 1, 3);
    p.kernelH = pick(rng, 1, 5);
    p.kernelW = pick(rng, 1, 5);
    p.inH = pick(rng, 3, 13);
    p.inW = pick(rng, 3, 13);
    p.strideH = pick(rng, 1, 3);
    p.strideW = pick(rng, 1, 3);
    p.dilationH = pick(rng, 1, 2);
    p.dilationW = pick(rng, 1, 2);
    p.padTop = pick(rng, 0, 2);
    p.padLeft = pick(rng, 0, 2);
    p.padBottom = pick(rng, 0, 2);
    p.padRight = pick(rng, 0, 2);
    p.dataLayout = coin(rng) ? DataLayout::NHWC : DataLayout::NCHW;
    p.offsetLayout = coin(rng) ? OffsetLayout::Interleaved : OffsetLayout::Planar;
    p.weightLayout = coin(rng) ? WeightLayout::HWOI : WeightLayout::OIHW;
    int64_t rule = pick(rng, 0, 2);
    p.boundary = rule == 0 ? Boundary::Zero
                           : rule == 1 ? Boundary::DCNv1 : Boundary::TFClamp;
    if (validate(p).empty())
      break;
  }
  c.mask = coin(rng);
  c.bias = coin(rng);

  bool nhwc = p.dataLayout == DataLayout::NHWC;
  bool planar = p.offsetLayout == OffsetLayout::Planar;
  int64_t B = p.batch, C = p.inChannels, H = p.inH, W = p.inW;
  int64_t OC = p.outChannels, Ho = p.outH(), Wo = p.outW();
  int64_t K = p.kernelH * p.kernelW, og = p.offsetGroups;
  std::vector<int64_t> inShape = nhwc ? std::vector<int64_t>{B, H, W, C}
                                      : std::vector<int64_t>{B, C, H, W};
  auto perPixel = [&](int64_t n) {
    return planar ? std::vector<int64_t>{B, n, Ho, Wo}
                  : std::vector<int64_t>{B, Ho, Wo, n};
  };
  std::vector<int64_t> offShape = perPixel(og * 2 * K);
  std::vector<int64_t> maskShape = perPixel(og * K);
  std::vector<int64_t> wShape =
      p.weightLayout == WeightLayout::OIHW
          ? std::vector<int64_t>{OC, C / p.groups, p.kernelH, p.kernelW}
          : std::vector<int64_t>{p.kernelH, p.kernelW, OC, C / p.groups};
  std::vector<int64_t> outShape = nhwc ? std::vector<int64_t>{B, Ho, Wo, OC}
                                       : std::vector<int64_t>{B, OC, Ho, Wo};

  c.inputs.push_back(randomArray(rng, inShape, 1.0));
  c.inputs.push_back(randomArray(rng, offShape, offsetScale));
  c.inputs.push_back(randomArray(rng, wShape, 1.0 / std::sqrt(double(C * K))));
  if (c.mask)
    c.inputs.push_back(randomArray(rng, maskShape, 0.5, 0.5));
  if (c.bias)
    c.inputs.push_back(randomArray(rng, {OC}, 1.0));

  // Dynamic: batch, image and output rows/columns (channels stay static).
  std::vector<size_t> dynIn = nhwc ? std::vector<size_t>{0, 1, 2}
                                   : std::vector<size_t>{0, 2, 3};
  std::vector<size_t> dynSample = planar ? std::vector<size_t>{0, 2, 3}
                                         : std::vector<size_t>{0, 1, 2};
  auto text = [&](bool dyn) {
    std::vector<size_t> none;
    std::ostringstream m;
    std::string tin = tensorType(inShape, dyn ? dynIn : none),
                toff = tensorType(offShape, dyn ? dynSample : none),
                tmask = tensorType(maskShape, dyn ? dynSample : none),
                tw = tensorType(wShape),
                tout = tensorType(outShape, dyn ? dynIn : none);
    m << "func.func @main(%x: " << tin << ", %off: " << toff << ", %w: " << tw;
    if (c.mask)
      m << ", %m: " << tmask;
    if (c.bias)
      m << ", %b: " << tensorType({OC});
    m << ") -> " << tout << " {\n";
    if (dyn) {
      // The output takes the offsets' batch and pixel counts.
      m << "  %c0 = arith.constant 0 : index\n"
        << "  %cr = arith.constant " << dynSample[1] << " : index\n"
        << "  %cc = arith.constant " << dynSample[2] << " : index\n"
        << "  %n = tensor.dim %off, %c0 : " << toff << "\n"
        << "  %ho = tensor.dim %off, %cr : " << toff << "\n"
        << "  %wo = tensor.dim %off, %cc : " << toff << "\n"
        << "  %init = tensor.empty(%n, %ho, %wo) : " << tout << "\n";
    } else {
      m << "  %init = tensor.empty() : " << tout << "\n";
    }
    m << "  %r = deform.conv2d ins(%x, %off, %w : " << tin << ", " << toff
      << ", " << tw << ")";
    if (c.mask)
      m << " mask(%m : " << tmask << ")";
    if (c.bias)
      m << " bias(%b : " << tensorType({OC}) << ")";
    const char *boundary[] = {"zero", "dcnv1", "tf_clamp"};
    m << " outs(%init : " << tout << ") {strides = array<i64: " << p.strideH
      << ", " << p.strideW << ">, dilations = array<i64: " << p.dilationH
      << ", " << p.dilationW << ">, pads = array<i64: " << p.padTop << ", "
      << p.padLeft << ", " << p.padBottom << ", " << p.padRight
      << ">, groups = " << p.groups << ", offset_groups = " << og
      << ", data_layout = #deform.layout<" << (nhwc ? "nhwc" : "nchw")
      << ">, offset_layout = #deform.offset_layout<"
      << (planar ? "planar" : "interleaved")
      << ">, offset_group_axis = #deform.offset_group_axis<"
      << (p.offsetGroupAxis == OffsetGroupAxis::InputChannels ? "input"
                                                              : "output")
      << ">, boundary = #deform.boundary<" << boundary[int(p.boundary)]
      << ">, weight_layout = #deform.weight_layout<"
      << (p.weightLayout == WeightLayout::OIHW ? "oihw" : "hwoi") << ">} -> "
      << tout << "\n  return %r : " << tout << "\n}\n";
    return m.str();
  };
  c.mlir = text(false);
  c.dynamicMlir = text(true);
  return c;
}

std::string ConvCase::describe() const {
  return mlir;
}

RoiCase drawRoiCase(std::mt19937_64 &rng) {
  using namespace ref;
  RoiCase c;
  RoiPoolParams &p = c.p;
  bool ps = coin(rng);
  p.variant = ps ? RoiPoolVariant::DCNPSRoI : RoiPoolVariant::MMCV;
  p.batch = pick(rng, 1, 3);
  p.inH = pick(rng, 4, 14);
  p.inW = pick(rng, 4, 14);
  p.numRois = pick(rng, 1, 9);
  p.pooledH = pick(rng, 1, 4);
  p.pooledW = ps ? p.pooledH : pick(rng, 1, 4);
  p.spatialScale = coin(rng) ? 0.5 : 0.25;
  p.hasOffset = coin(rng, 0.7);
  if (ps) {
    p.groupSize = pick(rng, 1, 3);
    p.partSize = pick(rng, 1, 4);
    p.samplePerPart = pick(rng, 1, 3);
    p.transStd = 0.1;
    int64_t classes = pick(rng, 1, 2);
    p.outChannels = classes * pick(rng, 1, 2);
    p.channels = p.outChannels * p.groupSize * p.groupSize;
    p.transChannels = p.hasOffset ? 2 * classes : 0;
  } else {
    p.channels = p.outChannels = pick(rng, 1, 4);
    p.samplingRatio = coin(rng) ? 0 : pick(rng, 1, 3);
    p.gamma = 0.1;
    p.hasMask = coin(rng);
  }
  double imgH = p.inH / p.spatialScale, imgW = p.inW / p.spatialScale;
  npy::Array rois;
  rois.dtype = npy::DType::F32;
  rois.shape = {p.numRois, 5};
  rois.data.resize(p.numRois * 5 * sizeof(float));
  float *r = reinterpret_cast<float *>(rois.data.data());
  std::uniform_real_distribution<double> u(-0.3, 1.3);
  for (int64_t i = 0; i < p.numRois; ++i) {
    // Partly and wholly outside, degenerate (x2 < x1) and bad batch indices.
    r[i * 5 + 0] = coin(rng, 0.9) ? float(pick(rng, 0, p.batch - 1))
                                   : float(coin(rng) ? -1 : p.batch);
    r[i * 5 + 1] = float(u(rng) * imgW);
    r[i * 5 + 2] = float(u(rng) * imgH);
    r[i * 5 + 3] = float(u(rng) * imgW);
    r[i * 5 + 4] = float(u(rng) * imgH);
  }
  std::vector<int64_t> inShape = {p.batch, p.channels, p.inH, p.inW};
  std::vector<int64_t> outShape = {p.numRois, p.outChannels, p.pooledH, p.pooledW};
  std::vector<int64_t> offShape =
      ps ? std::vector<int64_t>{p.numRois, p.transChannels, p.partSize, p.partSize}
         : std::vector<int64_t>{p.numRois, 2, p.pooledH, p.pooledW};
  std::vector<int64_t> maskShape = {p.numRois, 1, p.pooledH, p.pooledW};
  c.inputs.push_back(randomArray(rng, inShape, 1.0));
  c.inputs.push_back(std::move(rois));
  if (p.hasOffset)
    c.inputs.push_back(randomArray(rng, offShape, 1.0));
  if (p.hasMask)
    c.inputs.push_back(randomArray(rng, maskShape, 0.5, 0.5));

  auto text = [&](bool dyn) {
    std::vector<size_t> none, first = {0};
    std::ostringstream m;
    std::string tin = tensorType(inShape, dyn ? std::vector<size_t>{0, 2, 3} : none),
                tout = tensorType(outShape, dyn ? first : none),
                troi = tensorType({p.numRois, 5}, dyn ? first : none),
                toff = tensorType(offShape, dyn ? first : none),
                tmask = tensorType(maskShape, dyn ? first : none);
    m << "func.func @main(%x: " << tin << ", %rois: " << troi;
    if (p.hasOffset)
      m << ", %off: " << toff;
    if (p.hasMask)
      m << ", %m: " << tmask;
    m << ") -> (" << tout << (ps ? ", " + tout : "") << ") {\n";
    std::string sizes = "()";
    if (dyn) {
      m << "  %c0 = arith.constant 0 : index\n"
        << "  %nr = tensor.dim %rois, %c0 : " << troi << "\n";
      sizes = "(%nr)";
    }
    m << "  %init = tensor.empty" << sizes << " : " << tout << "\n";
    if (ps)
      m << "  %cnt = tensor.empty" << sizes << " : " << tout << "\n";
    m << "  %r" << (ps ? ":2" : "") << " = deform.roi_pool "
      << (ps ? "dcn_psroi" : "mmcv") << " ins(%x, %rois : " << tin << ", "
      << troi << ")";
    if (p.hasOffset)
      m << " offset(%off : " << toff << ")";
    if (p.hasMask)
      m << " mask(%m : " << tmask << ")";
    m << " outs(%init" << (ps ? ", %cnt" : "") << " : " << tout
      << (ps ? ", " + tout : "") << ") {spatial_scale = " << p.spatialScale
      << " : f64";
    if (ps)
      m << ", group_size = " << p.groupSize << ", part_size = " << p.partSize
        << ", sample_per_part = " << p.samplePerPart << ", trans_std = 0.1 : f64";
    else
      m << ", sampling_ratio = " << p.samplingRatio << ", gamma = 0.1 : f64";
    m << "} -> " << tout << (ps ? ", " + tout : "") << "\n  return "
      << (ps ? "%r#0, %r#1 : " + tout + ", " + tout : "%r : " + tout) << "\n}\n";
    return m.str();
  };
  c.mlir = text(false);
  c.dynamicMlir = text(true);
  return c;
}

std::string RoiCase::describe() const { return mlir; }

void poison(npy::Array &a, std::mt19937_64 &rng, double fraction) {
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            1e30f, -1e30f, -0.0f};
  float *f = reinterpret_cast<float *>(a.data.data());
  for (int64_t i = 0; i < a.numElements(); ++i)
    if (coin(rng, fraction))
      f[i] = specials[pick(rng, 0, 5)];
}

std::vector<double> referenceOutput(const ConvCase &c) {
  std::vector<std::vector<double>> in;
  for (const npy::Array &a : c.inputs)
    in.push_back(toDouble(a));
  std::vector<double> out(c.p.outputSize());
  size_t next = 3;
  const double *mask = c.mask ? in[next++].data() : nullptr;
  const double *bias = c.bias ? in[next++].data() : nullptr;
  ref::conv2d(c.p, in[0].data(), in[1].data(), in[2].data(), mask, bias,
              out.data());
  return out;
}

std::vector<std::vector<double>> referenceOutput(const RoiCase &c) {
  std::vector<std::vector<double>> in;
  for (const npy::Array &a : c.inputs)
    in.push_back(toDouble(a));
  std::vector<double> out(c.p.outputSize()), count(c.p.outputSize());
  size_t next = 2;
  const double *offset = c.p.hasOffset ? in[next++].data() : nullptr;
  const double *mask = c.p.hasMask ? in[next++].data() : nullptr;
  ref::roiPool(c.p, in[0].data(), in[1].data(), offset, mask, out.data(),
               count.data());
  if (c.p.variant == ref::RoiPoolVariant::DCNPSRoI)
    return {out, count};
  return {out};
}

double relativeL2(const npy::Array &gotArray, const std::vector<double> &want,
                  int64_t &mismatches) {
  std::vector<double> g = toDouble(gotArray);
  double num = 0, den = 0;
  mismatches = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    bool gf = std::isfinite(g[i]), wf = std::isfinite(want[i]);
    if (!gf || !wf) {
      bool same = (std::isnan(g[i]) && std::isnan(want[i])) || g[i] == want[i] ||
                  harness::isRoundedOverflow(g[i], want[i], gotArray.dtype);
      mismatches += !same;
      continue;
    }
    num += (g[i] - want[i]) * (g[i] - want[i]);
    den += want[i] * want[i];
  }
  // Relative to the reference's size, or to the result type's smallest
  // normal number where the reference is smaller; absolute where it is all
  // zero (docs/SEMANTICS.md 3).
  double smallest = gotArray.dtype == npy::DType::F64   ? DBL_MIN
                    : gotArray.dtype == npy::DType::F16 ? 6.103515625e-05
                                                        : double(FLT_MIN);
  double floor = double(want.size()) * smallest * smallest;
  return den == 0 ? std::sqrt(num) : std::sqrt(num / std::max(den, floor));
}

} // namespace deform::sweep
