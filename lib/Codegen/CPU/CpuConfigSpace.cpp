//===- CpuConfigSpace.cpp - the CPU configurations deform-tune may try ----===//
//
// One field per #deform.cpu_config value, each with the values worth trying
// for this op and target (divisors of the channel blocks, tile sizes that
// fill vectors, register tiles within the vector registers). A new field of
// the configuration adds one addField line and its place in encode/decode;
// the verifier still has the last word on every combination.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/CPU/Passes.h"
#include "deform/Codegen/Common/Sampling.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
std::vector<int64_t> divisors(int64_t n) {
  std::vector<int64_t> d;
  for (int64_t i = 1; i <= n; ++i)
    if (n % i == 0)
      d.push_back(i);
  return d;
}

/// 1, 2, 4, ... up to `n`, and `n`.
std::vector<int64_t> powersOfTwoUpTo(int64_t n) {
  std::vector<int64_t> v;
  for (int64_t p = 1; p < n; p *= 2)
    v.push_back(p);
  v.push_back(n);
  return v;
}

/// Tile sizes along an axis of `n`: small ones one by one, the divisors of
/// `n` (no ragged last tile), multiples of `step` (whole vectors) and `n`.
std::vector<int64_t> tileSizes(int64_t n, int64_t upTo, int64_t step) {
  std::vector<int64_t> v;
  for (int64_t i = 1; i <= std::min(n, upTo); ++i)
    v.push_back(i);
  for (int64_t d : divisors(n))
    v.push_back(d);
  for (int64_t m = step; m < n; m += step)
    v.push_back(m);
  v.push_back(n);
  return v;
}

/// Channels per chunk of a segment of `n`: its divisors, and the equal
/// chunks of 2 to 8 pieces where they do not divide it (a ragged last chunk).
std::vector<int64_t> chunkSizes(int64_t n) {
  std::vector<int64_t> v = divisors(n);
  for (int64_t pieces = 2; pieces <= 8; ++pieces)
    v.push_back((n + pieces - 1) / pieces);
  return v;
}

class CpuConvSpace : public ::deform::tuning::ConfigSpace {
public:
  CpuConvSpace(Conv2dOp conv, CpuTargetAttr target)
      : ConfigSpace(conv), conv(conv), target(target) {
    ConvGeometry g = conv.getGeometry();
    auto out = cast<ShapedType>(conv.getInit().getType());
    int64_t lanes = std::clamp<int64_t>(
        target.getVectorBits() /
            getComputeType(conv.getInput().getType().getElementType()).getWidth(),
        1, 64);
    int64_t outH = out.getDimSize(g.rowDim()), outW = out.getDimSize(g.columnDim());
    // Output channels: a divisor of the block that shares sampled columns,
    // or whole blocks.
    std::vector<int64_t> channels = divisors(g.outputBlock());
    for (int64_t m = g.outputBlock(); m <= g.outChannels; m += g.outputBlock())
      if (g.outChannels % m == 0)
        channels.push_back(m);
    registers = target.getVectorRegisters();
    addField("tile.batch", powersOfTwoUpTo(out.getDimSize(0)));
    addField("tile.out_channels", channels);
    addField("tile.rows", tileSizes(outH, 8, 4));
    addField("tile.columns", tileSizes(outW, 8, lanes));
    addField("reduction", chunkSizes(g.channelSegment()));
    addField("vector", lanes > 1 ? std::vector<int64_t>{lanes / 2, lanes}
                                 : std::vector<int64_t>{1});
    std::vector<int64_t> rows;
    for (int64_t r = 1; r <= registers; ++r)
      rows.push_back(r);
    addField("register_tile.rows", rows);
    addField("register_tile.vectors", {1, 2, 3, 4, 6, 8});
  }

  Attribute heuristic() override { return chooseCpuConfig(conv, target); }

protected:
  std::vector<int64_t> encode(Attribute config) override {
    auto c = dyn_cast_or_null<CpuConfigAttr>(config);
    if (!c || c.getTile().size() != 4 || c.getRegisterTile().size() != 2)
      return {};
    ArrayRef<int64_t> t = c.getTile(), r = c.getRegisterTile();
    return {t[0], t[1], t[2], t[3], c.getReduction(), c.getVector(), r[0], r[1]};
  }

  Attribute decode(const std::vector<int64_t> &v) override {
    // More accumulators than vector registers only spills.
    if (v[6] * v[7] > registers)
      return {};
    return CpuConfigAttr::get(conv.getContext(), {v[0], v[1], v[2], v[3]},
                              v[4], v[5], {v[6], v[7]});
  }

private:
  Conv2dOp conv;
  CpuTargetAttr target;
  int64_t registers;
};

class CpuRoiSpace : public ::deform::tuning::ConfigSpace {
public:
  CpuRoiSpace(RoiPoolOp roi, CpuTargetAttr target)
      : ConfigSpace(roi), roi(roi), target(target) {
    auto out = cast<ShapedType>(roi.getInits()[0].getType());
    addField("tile.rois", powersOfTwoUpTo(out.getDimSize(0)));
    if (roi.isPositionSensitive())
      return;
    int64_t channels = out.getDimSize(1);
    std::vector<int64_t> perTask = divisors(channels);
    for (int64_t p : powersOfTwoUpTo(channels))
      perTask.push_back(p);
    addField("tile.channels", perTask);
    int64_t lanes = std::clamp<int64_t>(target.getVectorBits() / 32, 1, 64);
    addField("vector", {std::max<int64_t>(1, lanes / 2), lanes,
                        std::min<int64_t>(64, lanes * 2)});
  }

  Attribute heuristic() override { return chooseCpuConfig(roi, target); }

protected:
  std::vector<int64_t> encode(Attribute config) override {
    auto c = dyn_cast_or_null<CpuConfigAttr>(config);
    size_t arity = roi.isPositionSensitive() ? 1 : 2;
    if (!c || c.getTile().size() != arity)
      return {};
    if (arity == 1)
      return {c.getTile()[0]};
    return {c.getTile()[0], c.getTile()[1], c.getVector()};
  }

  Attribute decode(const std::vector<int64_t> &v) override {
    if (roi.isPositionSensitive())
      return CpuConfigAttr::get(roi.getContext(), {v[0]}, 0, 1, {});
    return CpuConfigAttr::get(roi.getContext(), {v[0], v[1]}, 0, v[2], {});
  }

private:
  RoiPoolOp roi;
  CpuTargetAttr target;
};

bool hasStaticShapes(Operation *op) {
  return llvm::all_of(op->getOperandTypes(), [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return !shaped || shaped.hasStaticShape();
  });
}
} // namespace

std::unique_ptr<::deform::tuning::ConfigSpace>
mlir::deform::createCpuConfigSpace(Operation *op, CpuTargetAttr target) {
  if (!target || !hasStaticShapes(op))
    return nullptr;
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return std::make_unique<CpuConvSpace>(conv, target);
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    return std::make_unique<CpuRoiSpace>(roi, target);
  return nullptr;
}
