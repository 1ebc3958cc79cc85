//===- GpuCases.cpp - the GPU sweep's cases, drawn from a seed ------------===//
#include "GpuCases.h"

#include <numeric>
#include <sstream>

namespace deform::sweep {
namespace {
int64_t pick(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

int64_t divisorOf(std::mt19937_64 &rng, int64_t n, int64_t limit) {
  std::vector<int64_t> divisors;
  for (int64_t d = 1; d <= std::min(n, limit); ++d)
    if (n % d == 0)
      divisors.push_back(d);
  return divisors[pick(rng, 0, divisors.size() - 1)];
}

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// A random valid #deform.gpu_config for a conv case, or "" (one case in
/// four, and when the draw does not fit: the heuristic's).
std::string convConfig(std::mt19937_64 &rng, const ref::Conv2dParams &p,
                       int64_t bytes) {
  if (rng() % 4 == 0)
    return "";
  bool onOutput = p.offsetGroupAxis == ref::OffsetGroupAxis::OutputChannels;
  int64_t cg = p.inChannels / p.groups, ocg = p.outChannels / p.groups;
  int64_t block = onOutput ? std::gcd(ocg, p.outChannels / p.offsetGroups) : ocg;
  int64_t segment = onOutput ? cg : std::gcd(cg, p.inChannels / p.offsetGroups);
  int64_t taps = p.kernelH * p.kernelW;
  for (int attempt = 0; attempt < 8; ++attempt) {
    int64_t oc = divisorOf(rng, block, 64);
    int64_t toc = divisorOf(rng, oc, 8);
    int64_t tpx = int64_t(1) << pick(rng, 0, 2);
    int64_t rows = pick(rng, 1, 3), cols = tpx * pick(rng, 1, 4);
    int64_t reduction = divisorOf(rng, segment, segment);
    bool weights = rng() % 3 != 0;
    int64_t k = reduction * taps;
    int64_t shared =
        (k * rows * cols + (weights ? oc * roundUp(k, 4) : 0)) * bytes;
    int64_t threads = oc / toc * rows * (cols / tpx);
    if (shared > 48 * 1024 || threads > 1024)
      continue;
    std::ostringstream c;
    c << "#deform.gpu_config<tile = [1, " << oc << ", " << rows << ", " << cols
      << "], thread_tile = [1, " << toc << ", 1, " << tpx
      << "], reduction = " << reduction << ", workgroup = [" << threads
      << ", 1, 1], staging = " << (weights ? "columns_weights" : "columns")
      << ">";
    return c.str();
  }
  return "";
}

std::string roiConfig(std::mt19937_64 &rng, const ref::RoiPoolParams &p) {
  if (rng() % 4 == 0)
    return "";
  std::ostringstream c;
  if (p.variant == ref::RoiPoolVariant::DCNPSRoI) {
    int64_t rois = pick(rng, 1, 3);
    c << "#deform.gpu_config<tile = [" << rois << "], thread_tile = [1], "
      << "workgroup = [" << rois + pick(rng, 0, 70) << ", 1, 1]>";
  } else {
    int64_t rois = pick(rng, 1, 3), channels = pick(rng, 1, 8);
    c << "#deform.gpu_config<tile = [" << rois << ", " << channels
      << "], thread_tile = [1, 1], workgroup = ["
      << rois * channels + pick(rng, 0, 40) << ", 1, 1]>";
  }
  return c.str();
}

/// `mlir` with `config` as the first attribute of its deform op, and its
/// function renamed from @main to @name.
std::string finish(std::string mlir, const std::string &config,
                   const std::string &name) {
  if (!config.empty())
    for (const char *first : {"{strides = ", "{spatial_scale = "}) {
      size_t at = mlir.find(first);
      if (at != std::string::npos) {
        mlir.insert(at + 1, "config = " + config + ", ");
        break;
      }
    }
  size_t at = mlir.find("@main(");
  if (at != std::string::npos)
    mlir.replace(at, 5, "@" + name);
  return mlir;
}

const char *kindName(GpuCaseKind kind) {
  switch (kind) {
  case GpuCaseKind::Conv: return "conv";
  case GpuCaseKind::ConvF64: return "conv_f64";
  case GpuCaseKind::ConvF16: return "conv_f16";
  case GpuCaseKind::Roi: return "roi";
  case GpuCaseKind::AdversarialConv: return "adversarial_conv";
  case GpuCaseKind::AdversarialRoi: return "adversarial_roi";
  }
  return "?";
}
} // namespace

GpuCase drawGpuCase(GpuCaseKind kind, uint64_t seed) {
  GpuCase c;
  c.kind = kind;
  c.seed = seed;
  c.name = std::string(kindName(kind)) + "_" + std::to_string(seed);
  c.isConv = kind != GpuCaseKind::Roi && kind != GpuCaseKind::AdversarialRoi;
  c.tolerance = kind == GpuCaseKind::ConvF64   ? 1e-10
                : kind == GpuCaseKind::ConvF16 ? 1e-2
                                               : 1e-5;
  std::mt19937_64 rng(seed * 7919 + static_cast<uint64_t>(kind));
  if (c.isConv) {
    bool adversarial = kind == GpuCaseKind::AdversarialConv;
    c.conv = drawConvCase(rng, adversarial ? 1e3 : 3.0);
    if (adversarial)
      poison(c.conv.inputs[1], rng, 0.2);
    int64_t bytes = 4;
    if (kind == GpuCaseKind::ConvF64) {
      convertElementType(c.conv.mlir, c.conv.inputs, npy::DType::F64);
      bytes = 8;
    } else if (kind == GpuCaseKind::ConvF16) {
      convertElementType(c.conv.mlir, c.conv.inputs, npy::DType::F16);
    }
    c.mlir = finish(c.conv.mlir, convConfig(rng, c.conv.p, bytes), c.name);
  } else {
    c.roi = drawRoiCase(rng);
    if (kind == GpuCaseKind::AdversarialRoi) {
      poison(c.roi.inputs[1], rng, 0.2);
      if (c.roi.p.hasOffset)
        poison(c.roi.inputs[2], rng, 0.2);
    }
    c.mlir = finish(c.roi.mlir, roiConfig(rng, c.roi.p), c.name);
  }
  // One case in five through the scalar implementation.
  c.scalar = rng() % 5 == 0;
  return c;
}

std::string GpuCase::describe() const {
  return name + (scalar ? " (scalar)" : "") + ": " +
         (isConv ? conv.describe() : roi.describe());
}

std::vector<std::pair<GpuCaseKind, uint64_t>> gpuSweep() {
  std::vector<std::pair<GpuCaseKind, uint64_t>> cases;
  auto add = [&](GpuCaseKind kind, uint64_t n) {
    for (uint64_t s = 1; s <= n; ++s)
      cases.push_back({kind, s});
  };
  add(GpuCaseKind::Conv, 40);
  add(GpuCaseKind::ConvF64, 8);
  add(GpuCaseKind::ConvF16, 8);
  add(GpuCaseKind::Roi, 30);
  add(GpuCaseKind::AdversarialConv, 15);
  add(GpuCaseKind::AdversarialRoi, 15);
  return cases;
}

std::vector<std::vector<double>> gpuReference(const GpuCase &c) {
  if (c.isConv)
    return {referenceOutput(c.conv)};
  return referenceOutput(c.roi);
}

} // namespace deform::sweep
