//===- DeformAttrs.cpp - kernel configurations and targets ----------------===//
//
// A configuration is checked against the op it is on: arity, divisibility by
// the op's channel blocks, and bounds that keep every buffer the lowering
// sizes from it small and every product free of overflow. Each message names
// the field, the value and the constraint.
//
//===----------------------------------------------------------------------===//
#include "deform/Dialect/DeformOps.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::deform;

#include "deform/Dialect/DeformInterfaces.cpp.inc"

namespace {
constexpr int64_t kMaxTilePixels = 1 << 16;
constexpr int64_t kMaxBufferElements = 1 << 24;
constexpr int64_t kMaxAccumulators = 64;
constexpr int64_t kMaxVector = 64;
constexpr int64_t kMaxTile = int64_t(1) << 32;

/// Reports "configuration <attr>: field '<name>' ..." on `op`.
class ConfigChecker {
public:
  ConfigChecker(Operation *op, Attribute config) : op(op), config(config) {}

  InFlightDiagnostic error(StringRef field) {
    return op->emitOpError() << "configuration " << config << ": field '"
                             << field << "' ";
  }

  LogicalResult count(StringRef field, ArrayRef<int64_t> v, size_t n,
                      StringRef meaning) {
    if (v.size() == n)
      return success();
    return error(field) << "has " << v.size() << " values, expected " << n
                        << " " << meaning;
  }

  LogicalResult range(StringRef field, int64_t v, int64_t lo, int64_t hi) {
    if (v >= lo && v <= hi)
      return success();
    return error(field) << "is " << v << ", expected " << lo << " to " << hi;
  }

  LogicalResult ranges(StringRef field, ArrayRef<int64_t> v, int64_t lo,
                       int64_t hi) {
    for (auto [i, x] : llvm::enumerate(v))
      if (x < lo || x > hi)
        return error(field) << "value " << i << " is " << x << ", expected "
                            << lo << " to " << hi;
    return success();
  }

  LogicalResult powerOfTwo(StringRef field, int64_t v) {
    if (v >= 1 && v <= kMaxVector && llvm::isPowerOf2_64(v))
      return success();
    return error(field) << "is " << v << ", expected a power of two from 1 to "
                        << kMaxVector;
  }

  LogicalResult divides(StringRef field, int64_t v, int64_t n,
                        StringRef what) {
    if (n % v == 0)
      return success();
    return error(field) << "is " << v << ", expected a divisor of " << n
                        << " (" << what << ")";
  }

  LogicalResult absent(StringRef field, bool present, StringRef opName) {
    if (!present)
      return success();
    return error(field) << "is not used by " << opName << "; remove it";
  }

private:
  Operation *op;
  Attribute config;
};

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

LogicalResult verifyConv(CpuConfigAttr c, Operation *conv,
                         const ConvGeometry &g) {
  ConfigChecker check(conv, c);
  ArrayRef<int64_t> tile = c.getTile(), reg = c.getRegisterTile();
  if (failed(check.count("tile", tile, 4,
                         "(batch, output channels, output rows, output "
                         "columns)")) ||
      failed(check.ranges("tile", tile, 1, kMaxTile)) ||
      failed(check.powerOfTwo("vector", c.getVector())) ||
      failed(check.count("register_tile", reg, 2,
                         "(output channels, vectors of pixels)")) ||
      failed(check.ranges("register_tile", reg, 1, kMaxAccumulators)))
    return failure();
  if (reg[0] * reg[1] > kMaxAccumulators)
    return check.error("register_tile")
           << "holds " << reg[0] * reg[1] << " accumulators, expected at most "
           << kMaxAccumulators;
  if (ShapedType::isDynamic(g.channels) || ShapedType::isDynamic(g.taps) ||
      ShapedType::isDynamic(g.outChannels))
    return conv->emitOpError()
           << "has a configuration but a dynamic channel or kernel size; "
              "configured ops need static channels and kernels";
  int64_t block = g.outputBlock();
  if (tile[1] % block != 0 && block % tile[1] != 0)
    return check.error("tile")
           << "has " << tile[1] << " output channels, expected a divisor or a "
           << "multiple of " << block
           << " (the output channels that share one weight group and one "
              "offset group)";
  // A chunk never straddles a segment; the last one of a segment may be
  // shorter (a prime channel count is not one channel at a time).
  if (c.getReduction() < 1 || c.getReduction() > g.channelSegment())
    return check.error("reduction")
           << "is " << c.getReduction() << ", expected 1 to "
           << g.channelSegment()
           << " (the input channels of one weight group that share one "
              "offset group)";
  int64_t pixels = 0;
  if (llvm::MulOverflow(tile[2], tile[3], pixels) || pixels > kMaxTilePixels)
    return check.error("tile")
           << "has " << tile[2] << " x " << tile[3]
           << " pixels, expected at most " << kMaxTilePixels;
  int64_t padded = roundUp(pixels, c.getVector());
  int64_t columns = c.getReduction() * g.taps;
  if (columns > kMaxBufferElements / padded)
    return check.error("reduction")
           << "is " << c.getReduction() << ": the column buffer ("
           << c.getReduction() << " channels x " << g.taps << " taps x "
           << padded << " pixels) exceeds " << kMaxBufferElements
           << " elements";
  int64_t accumulated = std::min(tile[1], block);
  if (accumulated > kMaxBufferElements / padded)
    return check.error("tile")
           << "has " << tile[1] << " output channels: the accumulator tile ("
           << accumulated << " x " << padded << " pixels) exceeds "
           << kMaxBufferElements << " elements";
  return success();
}

LogicalResult verifyRoi(CpuConfigAttr c, RoiPoolOp roi) {
  ConfigChecker check(roi, c);
  bool ps = roi.isPositionSensitive();
  StringRef name = ps ? "the dcn_psroi variant" : "the mmcv variant";
  if (failed(check.count("tile", c.getTile(), ps ? 1 : 2,
                         ps ? "(rois)" : "(rois, channels)")) ||
      failed(check.ranges("tile", c.getTile(), 1, kMaxTile)) ||
      failed(check.absent("reduction", c.getReduction() != 0, name)) ||
      failed(check.absent("register_tile", !c.getRegisterTile().empty(), name)))
    return failure();
  if (ps && c.getVector() != 1)
    return check.error("vector")
           << "is " << c.getVector()
           << ", expected 1 (the dcn_psroi lowering is scalar)";
  return check.powerOfTwo("vector", c.getVector());
}
} // namespace

StringRef CpuConfigAttr::getTargetKind() const { return "cpu"; }
ArrayRef<int64_t> CpuConfigAttr::getTileSizes() const { return getTile(); }
int64_t CpuConfigAttr::getReductionChunk() const { return getReduction(); }
int64_t CpuConfigAttr::getPixelAlignment() const {
  return getRegisterTile().empty() ? 1 : getVector();
}

LogicalResult CpuConfigAttr::verifyForConvolution(Operation *op,
                                                  const ConvGeometry &g) const {
  return verifyConv(*this, op, g);
}

LogicalResult CpuConfigAttr::verifyFor(Operation *op) const {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return verifyConv(*this, conv, conv.getGeometry());
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    return verifyRoi(*this, roi);
  return op->emitOpError() << "cannot carry a #deform.cpu_config";
}

//===----------------------------------------------------------------------===//
// GpuConfigAttr
//===----------------------------------------------------------------------===//

namespace {
/// Static shared memory of one workgroup on every NVIDIA GPU the project
/// targets (more needs the dynamic opt-in).
constexpr int64_t kMaxSharedBytes = 48 * 1024;
constexpr int64_t kMaxThreads = 1024;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

LogicalResult verifyWorkgroup(ConfigChecker &check, GpuConfigAttr c) {
  if (c.getRegisters() != 0 &&
      failed(check.range("registers", c.getRegisters(), 16, 255)))
    return failure();
  if (failed(check.count("workgroup", c.getWorkgroup(), 3, "(x, y, z)")) ||
      failed(check.ranges("workgroup", c.getWorkgroup(), 1, kMaxThreads)))
    return failure();
  if (c.getWorkgroupThreads() > kMaxThreads)
    return check.error("workgroup")
           << "has " << c.getWorkgroupThreads()
           << " threads, expected at most " << kMaxThreads;
  return success();
}

LogicalResult verifyGpuConv(GpuConfigAttr c, Conv2dOp conv) {
  ConfigChecker check(conv, c);
  ArrayRef<int64_t> tile = c.getTile(), thread = c.getThreadTile();
  if (failed(check.count("tile", tile, 4,
                         "(batch, output channels, output rows, output "
                         "columns)")) ||
      failed(check.ranges("tile", tile, 1, kMaxTile)) ||
      failed(check.count("thread_tile", thread, 4,
                         "(batch, output channels, output rows, output "
                         "columns)")) ||
      failed(check.ranges("thread_tile", thread, 1, kMaxAccumulators)) ||
      failed(verifyWorkgroup(check, c)))
    return failure();
  if (tile[0] != 1)
    return check.error("tile") << "has " << tile[0]
                               << " images, expected 1 (one image per "
                                  "workgroup)";
  if (thread[0] != 1 || thread[2] != 1)
    return check.error("thread_tile")
           << "is [" << thread << "], expected [1, oc, 1, pixels] (a thread "
           << "keeps consecutive pixels of one row)";
  if (thread[1] * thread[3] > kMaxAccumulators)
    return check.error("thread_tile")
           << "holds " << thread[1] * thread[3]
           << " accumulators, expected at most " << kMaxAccumulators;
  if (tile[1] % thread[1] != 0 || tile[3] % thread[3] != 0)
    return check.error("thread_tile")
           << "is [" << thread << "], expected output channels dividing "
           << tile[1] << " and pixels dividing " << tile[3]
           << " (the workgroup tile)";
  if (c.getStaging() == GpuStaging::None)
    return check.error("staging")
           << "is none, expected columns or columns_weights (the fused "
              "kernel samples its columns into shared memory)";
  ConvGeometry g = conv.getGeometry();
  if (ShapedType::isDynamic(g.channels) || ShapedType::isDynamic(g.taps) ||
      ShapedType::isDynamic(g.outChannels))
    return conv.emitOpError()
           << "has a configuration but a dynamic channel or kernel size; "
              "configured ops need static channels and kernels";
  int64_t block = g.outputBlock();
  if (block % tile[1] != 0)
    return check.error("tile")
           << "has " << tile[1] << " output channels, expected a divisor of "
           << block
           << " (the output channels that share one weight group and one "
              "offset group)";
  if (failed(check.range("reduction", c.getReduction(), 1, g.channels)) ||
      failed(check.divides("reduction", c.getReduction(), g.channelSegment(),
                           "the input channels of one weight group that "
                           "share one offset group")))
    return failure();
  int64_t pixels = 0;
  if (llvm::MulOverflow(tile[2], tile[3], pixels) || pixels > kMaxTilePixels)
    return check.error("tile")
           << "has " << tile[2] << " x " << tile[3]
           << " pixels, expected at most " << kMaxTilePixels;
  int64_t threads = tile[1] / thread[1] * tile[2] * (tile[3] / thread[3]);
  if (c.getWorkgroupThreads() != threads)
    return check.error("workgroup")
           << "has " << c.getWorkgroupThreads() << " threads, expected "
           << threads << " (one per thread tile: " << tile[1] / thread[1]
           << " x " << tile[2] << " x " << tile[3] / thread[3] << ")";
  int64_t bytes = getElementTypeOrSelf(conv.getInput().getType())
                                  .getIntOrFloatBitWidth() > 32
                      ? 8
                      : 4;
  int64_t shared =
      (c.getColumnElements(g) + c.getWeightElements(g)) * bytes;
  if (shared > kMaxSharedBytes)
    return check.error("reduction")
           << "is " << c.getReduction() << ": the workgroup's shared memory ("
           << c.getColumnElements(g) << " column and "
           << c.getWeightElements(g) << " weight elements of " << bytes
           << " bytes) is " << shared << " bytes, expected at most "
           << kMaxSharedBytes;
  return success();
}

LogicalResult verifyGpuRoi(GpuConfigAttr c, RoiPoolOp roi) {
  ConfigChecker check(roi, c);
  bool ps = roi.isPositionSensitive();
  StringRef name = ps ? "the dcn_psroi variant" : "the mmcv variant";
  size_t rank = ps ? 1 : 2;
  StringRef meaning = ps ? "(rois)" : "(rois, channels)";
  if (failed(check.count("tile", c.getTile(), rank, meaning)) ||
      failed(check.ranges("tile", c.getTile(), 1, kMaxTile)) ||
      failed(check.count("thread_tile", c.getThreadTile(), rank, meaning)) ||
      failed(check.ranges("thread_tile", c.getThreadTile(), 1, kMaxTile)) ||
      failed(check.absent("reduction", c.getReduction() != 0, name)) ||
      failed(verifyWorkgroup(check, c)))
    return failure();
  if (c.getStaging() != GpuStaging::None)
    return check.error("staging") << "is " << stringifyGpuStaging(c.getStaging())
                                  << ", expected none for " << name;
  int64_t tiles = 1;
  for (auto [t, s] : llvm::zip(c.getTile(), c.getThreadTile()))
    tiles *= ceilDiv(t, s);
  if (tiles > c.getWorkgroupThreads())
    return check.error("workgroup")
           << "has " << c.getWorkgroupThreads() << " threads, expected at least "
           << tiles << " (one per thread tile)";
  return success();
}
} // namespace

int64_t GpuConfigAttr::getWorkgroupThreads() const {
  int64_t n = 1;
  for (int64_t d : getWorkgroup())
    n *= d;
  return n;
}
int64_t GpuConfigAttr::getColumnElements(const ConvGeometry &g) const {
  return getReduction() * g.taps * getTile()[2] * getTile()[3];
}
int64_t GpuConfigAttr::getWeightRow(const ConvGeometry &g) const {
  return roundUp(getReduction() * g.taps, 4);
}
int64_t GpuConfigAttr::getWeightElements(const ConvGeometry &g) const {
  return getStaging() == GpuStaging::ColumnsWeights
             ? getTile()[1] * getWeightRow(g)
             : 0;
}

StringRef GpuConfigAttr::getTargetKind() const { return "gpu"; }
ArrayRef<int64_t> GpuConfigAttr::getTileSizes() const { return getTile(); }
ArrayRef<int64_t> GpuConfigAttr::getThreadTileSizes() const {
  return getThreadTile();
}
int64_t GpuConfigAttr::getReductionChunk() const { return getReduction(); }
int64_t GpuConfigAttr::getPixelAlignment() const {
  return getThreadTile().size() == 4 ? getThreadTile()[3] : 1;
}

LogicalResult GpuConfigAttr::verifyFor(Operation *op) const {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return verifyGpuConv(*this, conv);
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    return verifyGpuRoi(*this, roi);
  return op->emitOpError() << "cannot carry a #deform.gpu_config";
}

LogicalResult
GpuTargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      ArrayRef<int64_t> chips, int64_t ptx, int64_t maxThreads,
                      int64_t sharedMemory, int64_t registers) {
  if (chips.empty())
    return emitError() << "#deform.gpu_target needs at least one chip";
  for (int64_t chip : chips)
    if (chip < 50 || chip > 199)
      return emitError() << "#deform.gpu_target chip " << chip
                         << " is not a compute capability from 50 to 199 "
                            "(80 is sm_80)";
  if (ptx < 60 || ptx > 199)
    return emitError() << "#deform.gpu_target ptx is " << ptx
                       << ", expected a PTX ISA version from 60 to 199 (80 is "
                          "PTX 8.0)";
  if (maxThreads < 32 || maxThreads > kMaxThreads)
    return emitError() << "#deform.gpu_target max_threads is " << maxThreads
                       << ", expected 32 to " << kMaxThreads;
  if (sharedMemory < 1024 || sharedMemory > kMaxSharedBytes)
    return emitError() << "#deform.gpu_target shared_memory is "
                       << sharedMemory << ", expected 1024 to "
                       << kMaxSharedBytes << " bytes (static shared memory)";
  if (registers < 1024 || registers > (1 << 20))
    return emitError() << "#deform.gpu_target registers is " << registers
                       << ", expected 1024 to " << (1 << 20);
  return success();
}

LogicalResult
CpuTargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      StringRef cpu, StringRef features, int64_t vectorBits,
                      int64_t vectorRegisters) {
  if (cpu.empty())
    return emitError() << "#deform.cpu_target needs a CPU name";
  if (vectorBits < 64 || vectorBits > 4096 || !llvm::isPowerOf2_64(vectorBits))
    return emitError() << "#deform.cpu_target vector_bits is " << vectorBits
                       << ", expected a power of two from 64 to 4096";
  if (vectorRegisters < 1 || vectorRegisters > 256)
    return emitError() << "#deform.cpu_target vector_registers is "
                       << vectorRegisters << ", expected 1 to 256";
  // LLVM's target features: "+name" or "-name", comma-separated.
  if (!features.empty()) {
    SmallVector<StringRef> entries;
    features.split(entries, ',');
    for (StringRef entry : entries)
      if (entry.size() < 2 || (entry[0] != '+' && entry[0] != '-'))
        return emitError() << "#deform.cpu_target features entry '" << entry
                           << "', expected '+name' or '-name' (comma-separated)";
  }
  return success();
}
