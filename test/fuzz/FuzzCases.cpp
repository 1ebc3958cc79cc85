//===- FuzzCases.cpp - cases with input-chosen parameters -----------------===//
//
// The MLIR text below is copied from test/sweep/Cases.cpp (drawConvCase,
// drawRoiCase) so that both generators write the same functions.
//
//===----------------------------------------------------------------------===//
#include "FuzzCases.h"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace deform::fuzz {
namespace {

npy::Array zeros(std::vector<int64_t> shape) {
  npy::Array a;
  a.dtype = npy::DType::F32;
  a.shape = std::move(shape);
  a.data.assign(size_t(a.numElements()) * sizeof(float), 0);
  return a;
}

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

/// Keeps every case small enough to run in milliseconds.
constexpr int64_t kMaxElements = 1 << 16;
} // namespace

std::optional<sweep::ConvCase> convCaseFromBytes(ByteReader &in) {
  using namespace ref;
  sweep::ConvCase c;
  Conv2dParams &p = c.p;
  p.batch = in.range(1, 3);
  p.groups = in.range(1, 4);
  p.offsetGroups = in.range(1, 4);
  p.offsetGroupAxis = in.coin() ? OffsetGroupAxis::OutputChannels
                                : OffsetGroupAxis::InputChannels;
  int64_t inLcm = p.offsetGroupAxis == OffsetGroupAxis::InputChannels
                      ? std::lcm(p.groups, p.offsetGroups)
                      : p.groups;
  int64_t outLcm = p.offsetGroupAxis == OffsetGroupAxis::OutputChannels
                       ? std::lcm(p.groups, p.offsetGroups)
                       : p.groups;
  p.inChannels = inLcm * in.range(1, 3);
  p.outChannels = outLcm * in.range(1, 3);
  p.kernelH = in.range(1, 7);
  p.kernelW = in.range(1, 7);
  p.inH = in.range(1, 16);
  p.inW = in.range(1, 16);
  p.strideH = in.range(1, 5);
  p.strideW = in.range(1, 5);
  p.dilationH = in.range(1, 4);
  p.dilationW = in.range(1, 4);
  p.padTop = in.range(0, 6);
  p.padLeft = in.range(0, 6);
  p.padBottom = in.range(0, 6);
  p.padRight = in.range(0, 6);
  p.dataLayout = in.coin() ? DataLayout::NHWC : DataLayout::NCHW;
  p.offsetLayout = in.coin() ? OffsetLayout::Interleaved : OffsetLayout::Planar;
  p.weightLayout = in.coin() ? WeightLayout::HWOI : WeightLayout::OIHW;
  int64_t rule = in.range(0, 2);
  p.boundary = rule == 0   ? Boundary::Zero
               : rule == 1 ? Boundary::DCNv1
                           : Boundary::TFClamp;
  c.mask = in.coin();
  c.bias = in.coin();
  if (!validate(p).empty() || p.inputSize() > kMaxElements ||
      p.offsetSize() > kMaxElements || p.outputSize() > kMaxElements)
    return std::nullopt;

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
  c.inputs.push_back(zeros(inShape));
  c.inputs.push_back(zeros(offShape));
  c.inputs.push_back(zeros(wShape));
  if (c.mask)
    c.inputs.push_back(zeros(maskShape));
  if (c.bias)
    c.inputs.push_back(zeros({OC}));

  // Copied from drawConvCase (test/sweep/Cases.cpp).
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

std::optional<sweep::RoiCase> roiCaseFromBytes(ByteReader &in) {
  using namespace ref;
  sweep::RoiCase c;
  RoiPoolParams &p = c.p;
  bool ps = in.coin();
  p.variant = ps ? RoiPoolVariant::DCNPSRoI : RoiPoolVariant::MMCV;
  p.batch = in.range(1, 3);
  p.inH = in.range(1, 20);
  p.inW = in.range(1, 20);
  p.numRois = in.u8() < 24 ? 0 : in.range(1, 12);
  p.pooledH = in.range(1, 7);
  p.pooledW = ps ? p.pooledH : in.range(1, 7);
  const double scales[] = {1.0, 0.5, 0.25, 0.0625, 2.0, 1.0 / 3, 0.1, 0.75};
  p.spatialScale = scales[in.u8() % 8];
  p.hasOffset = in.u8() >= 64;
  if (ps) {
    p.groupSize = in.range(1, 4);
    p.partSize = in.range(1, 7);
    p.samplePerPart = in.range(1, 4);
    const double stds[] = {0.1, 0.0, 1.0, -0.3, 0.01};
    p.transStd = stds[in.u8() % 5];
    int64_t classes = in.range(1, 3);
    p.outChannels = classes * in.range(1, 2);
    p.channels = p.outChannels * p.groupSize * p.groupSize;
    p.transChannels = p.hasOffset ? 2 * classes : 0;
  } else {
    p.channels = p.outChannels = in.range(1, 6);
    p.samplingRatio = in.range(0, 4);
    const double gammas[] = {0.1, 0.0, 1.0, -0.5, 3.0};
    p.gamma = gammas[in.u8() % 5];
    p.hasMask = in.coin();
  }
  if (!p.validate().empty() || p.inputSize() > kMaxElements ||
      p.outputSize() > kMaxElements)
    return std::nullopt;

  // Rois inside, across and outside the image, degenerate, bad batches; the
  // fuzzer overwrites some with adversarial values afterwards.
  double imgH = p.inH / p.spatialScale, imgW = p.inW / p.spatialScale;
  npy::Array rois = zeros({p.numRois, 5});
  float *r = reinterpret_cast<float *>(rois.data.data());
  for (int64_t i = 0; i < p.numRois; ++i) {
    unsigned b = in.u8();
    r[i * 5 + 0] = b < 230 ? float(b % p.batch) : b < 243 ? -1.f : float(p.batch);
    auto coordinate = [&](double extent) {
      return float((double(in.u8()) / 255.0 * 1.6 - 0.3) * extent);
    };
    r[i * 5 + 1] = coordinate(imgW);
    r[i * 5 + 2] = coordinate(imgH);
    r[i * 5 + 3] = coordinate(imgW);
    r[i * 5 + 4] = coordinate(imgH);
  }
  std::vector<int64_t> inShape = {p.batch, p.channels, p.inH, p.inW};
  std::vector<int64_t> outShape = {p.numRois, p.outChannels, p.pooledH,
                                   p.pooledW};
  std::vector<int64_t> offShape =
      ps ? std::vector<int64_t>{p.numRois, p.transChannels, p.partSize,
                                p.partSize}
         : std::vector<int64_t>{p.numRois, 2, p.pooledH, p.pooledW};
  std::vector<int64_t> maskShape = {p.numRois, 1, p.pooledH, p.pooledW};
  c.inputs.push_back(zeros(inShape));
  c.inputs.push_back(std::move(rois));
  if (p.hasOffset)
    c.inputs.push_back(zeros(offShape));
  if (p.hasMask)
    c.inputs.push_back(zeros(maskShape));

  // Copied from drawRoiCase (test/sweep/Cases.cpp); the attributes printed
  // with full precision.
  auto text = [&](bool dyn) {
    std::vector<size_t> none, first = {0};
    std::ostringstream m;
    m.precision(17);
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
    // Doubles in MLIR's syntax: always with a decimal point or exponent.
    auto real = [](double v) {
      std::ostringstream s;
      s.precision(17);
      s << std::scientific << v;
      return s.str();
    };
    m << " outs(%init" << (ps ? ", %cnt" : "") << " : " << tout
      << (ps ? ", " + tout : "") << ") {spatial_scale = " << real(p.spatialScale)
      << " : f64";
    if (ps)
      m << ", group_size = " << p.groupSize << ", part_size = " << p.partSize
        << ", sample_per_part = " << p.samplePerPart
        << ", trans_std = " << real(p.transStd) << " : f64";
    else
      m << ", sampling_ratio = " << p.samplingRatio
        << ", gamma = " << real(p.gamma) << " : f64";
    m << "} -> " << tout << (ps ? ", " + tout : "") << "\n  return "
      << (ps ? "%r#0, %r#1 : " + tout + ", " + tout : "%r : " + tout)
      << "\n}\n";
    return m.str();
  };
  c.mlir = text(false);
  c.dynamicMlir = text(true);
  return c;
}

} // namespace deform::fuzz
