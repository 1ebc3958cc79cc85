//===- SingleOp.cpp - one deform op behind a function's arguments ---------===//
#include "deform/Harness/SingleOp.h"

#include "deform/Compiler/CompilerSetup.h"
#include "deform/Dialect/DeformDialect.h"
#include "deform/Dialect/DeformOps.h"
#include "deform/reference/Reference.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <unistd.h>
#include <algorithm>
#include <functional>
#include <random>
#include <thread>

using namespace mlir;
namespace ref = ::deform::ref;
namespace npy = ::deform::npy;

namespace deform::harness {
namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Runs fn(first, count) over [0, n) in contiguous slices, one per hardware
/// thread: the float64 reference of a large op takes seconds.
void inSlices(int64_t n, const std::function<void(int64_t, int64_t)> &fn) {
  if (n <= 0)
    return;
  int64_t threads = std::clamp<int64_t>(std::thread::hardware_concurrency(), 1, n);
  std::vector<std::thread> workers;
  for (int64_t t = 0; t < threads; ++t) {
    int64_t first = n * t / threads, last = n * (t + 1) / threads;
    if (last > first)
      workers.emplace_back(fn, first, last - first);
  }
  for (std::thread &w : workers)
    w.join();
}

/// What a function argument feeds.
enum class Role { Input, Offset, Weight, Mask, Bias, Rois, Other };
} // namespace

struct SingleOp::Impl {
  MLIRContext context;
  std::vector<std::vector<int64_t>> shapes;
  std::vector<Role> roles;
  bool isConv = false;
  ref::Conv2dParams conv;
  ref::RoiPoolParams roi;
  // Argument index of each operand role (-1 = absent).
  int input = -1, offset = -1, weight = -1, mask = -1, bias = -1, rois = -1;
  int64_t fanIn = 1;
  double imageH = 1, imageW = 1;
};

SingleOp::SingleOp(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
SingleOp::~SingleOp() = default;

const std::vector<std::vector<int64_t>> &SingleOp::argumentShapes() const {
  return impl->shapes;
}

llvm::Expected<std::unique_ptr<SingleOp>>
SingleOp::analyze(const std::string &source, const std::string &function) {
  auto impl = std::make_unique<Impl>();
  DialectRegistry registry;
  compiler::registerCompilerDialects(registry);
  impl->context.appendDialectRegistry(registry);
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source),
                               llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &impl->context, os);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &impl->context);
  if (!module)
    return error("cannot parse the module: " + diagnostics);
  auto func = module->lookupSymbol<func::FuncOp>(function);
  if (!func)
    return error("no function @" + function);
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) {
    if (isa<mlir::deform::Conv2dOp, mlir::deform::RoiPoolOp>(op))
      ops.push_back(op);
  });
  if (ops.size() != 1)
    return error("--check and --random-inputs need exactly one deform op in @" +
                 function + ", found " + llvm::Twine(ops.size()));
  for (Type t : func.getArgumentTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    if (!tensor || !tensor.getElementType().isF32())
      return error("--check and --random-inputs need f32 tensor arguments");
    std::vector<int64_t> shape;
    for (int64_t d : tensor.getShape())
      shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
    impl->shapes.push_back(shape);
  }
  auto argIndex = [&](Value v, const char *operand) -> llvm::Expected<int> {
    if (!v)
      return -1;
    auto arg = dyn_cast<BlockArgument>(v);
    if (!arg || arg.getOwner()->getParentOp() != func)
      return error(llvm::Twine("--check and --random-inputs need operand '") +
                   operand + "' to be an argument of @" + function);
    return int(arg.getArgNumber());
  };
#define BIND(field, value, name)                                               \
  {                                                                            \
    auto i = argIndex(value, name);                                            \
    if (!i)                                                                    \
      return i.takeError();                                                    \
    impl->field = *i;                                                          \
  }
  if (auto op = dyn_cast<mlir::deform::Conv2dOp>(ops[0])) {
    using namespace mlir::deform;
    impl->isConv = true;
    BIND(input, op.getInput(), "input");
    BIND(offset, op.getOffset(), "offset");
    BIND(weight, op.getWeight(), "weight");
    BIND(mask, op.getMask(), "mask");
    BIND(bias, op.getBias(), "bias");
    auto in = cast<ShapedType>(op.getInput().getType()).getShape();
    auto w = cast<ShapedType>(op.getWeight().getType()).getShape();
    ref::Conv2dParams &p = impl->conv;
    bool nhwc = op.isNHWC(), hwoi = op.getWeightLayout() == WeightLayout::HWOI;
    p.batch = in[0];
    p.inChannels = nhwc ? in[3] : in[1];
    p.inH = nhwc ? in[1] : in[2];
    p.inW = nhwc ? in[2] : in[3];
    p.outChannels = hwoi ? w[2] : w[0];
    p.kernelH = op.getKernelH();
    p.kernelW = op.getKernelW();
    p.strideH = op.getStrides()[0];
    p.strideW = op.getStrides()[1];
    p.dilationH = op.getDilations()[0];
    p.dilationW = op.getDilations()[1];
    p.padTop = op.getPads()[0];
    p.padLeft = op.getPads()[1];
    p.padBottom = op.getPads()[2];
    p.padRight = op.getPads()[3];
    p.groups = op.getGroups();
    p.offsetGroups = op.getOffsetGroups();
    p.dataLayout = nhwc ? ref::DataLayout::NHWC : ref::DataLayout::NCHW;
    p.offsetLayout = op.getOffsetLayout() == OffsetLayout::Planar
                         ? ref::OffsetLayout::Planar
                         : ref::OffsetLayout::Interleaved;
    p.offsetGroupAxis = op.getOffsetGroupAxis() == OffsetGroupAxis::Input
                            ? ref::OffsetGroupAxis::InputChannels
                            : ref::OffsetGroupAxis::OutputChannels;
    p.boundary = op.getBoundary() == Boundary::Zero    ? ref::Boundary::Zero
                 : op.getBoundary() == Boundary::DCNv1 ? ref::Boundary::DCNv1
                                                       : ref::Boundary::TFClamp;
    p.weightLayout = hwoi ? ref::WeightLayout::HWOI : ref::WeightLayout::OIHW;
    impl->fanIn = p.inChannels / p.groups * p.kernelH * p.kernelW;
  } else {
    using namespace mlir::deform;
    auto roiOp = cast<RoiPoolOp>(ops[0]);
    BIND(input, roiOp.getInput(), "input");
    BIND(rois, roiOp.getRois(), "rois");
    BIND(offset, roiOp.getOffset(), "offset");
    BIND(mask, roiOp.getMask(), "mask");
    auto in = cast<ShapedType>(roiOp.getInput().getType()).getShape();
    auto out = cast<ShapedType>(roiOp.getInits()[0].getType()).getShape();
    ref::RoiPoolParams &p = impl->roi;
    p.variant = roiOp.isPositionSensitive() ? ref::RoiPoolVariant::DCNPSRoI
                                         : ref::RoiPoolVariant::MMCV;
    p.batch = in[0];
    p.channels = in[1];
    p.inH = in[2];
    p.inW = in[3];
    p.numRois = out[0];
    p.outChannels = out[1];
    p.pooledH = out[2];
    p.pooledW = out[3];
    p.spatialScale = roiOp.getSpatialScale().convertToDouble();
    p.samplingRatio = roiOp.getSamplingRatioOrDefault();
    p.gamma = roiOp.getGammaOrDefault();
    p.groupSize = roiOp.getGroupSize().value_or(1);
    p.partSize = roiOp.getPartSize().value_or(1);
    p.samplePerPart = roiOp.getSamplePerPart().value_or(1);
    p.transStd = roiOp.getTransStdOrDefault();
    p.hasOffset = bool(roiOp.getOffset());
    p.hasMask = bool(roiOp.getMask());
    p.transChannels =
        roiOp.getOffset() ? cast<ShapedType>(roiOp.getOffset().getType()).getDimSize(1)
                       : 0;
    impl->imageH = p.inH / p.spatialScale;
    impl->imageW = p.inW / p.spatialScale;
  }
#undef BIND
  return std::unique_ptr<SingleOp>(new SingleOp(std::move(impl)));
}

llvm::Error
SingleOp::randomize(std::vector<npy::Array> &args, uint64_t seed,
                    double offsetScale,
                    const std::vector<std::vector<int64_t>> &shapes) const {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  // Sizes first (the rois need the image's), then the data.
  for (size_t i = 0; i < args.size(); ++i) {
    npy::Array &a = args[i];
    if (!a.data.empty() || !a.shape.empty())
      continue;
    const std::vector<int64_t> &want = impl->shapes[i];
    std::vector<int64_t> shape = i < shapes.size() ? shapes[i] : want;
    bool fits = shape.size() == want.size();
    for (size_t d = 0; fits && d < shape.size(); ++d)
      fits = shape[d] >= 0 && (want[d] < 0 || want[d] == shape[d]);
    if (!fits)
      return error(llvm::formatv(
          "--random-inputs: argument {0} needs a shape {1} (-1: any size){2}",
          i, compiler::shapeString(want),
          i < shapes.size() ? ", --shape gave " + compiler::shapeString(shape)
                            : std::string(", give it with --shape")));
    double bytes = 4.0;
    for (int64_t d : shape)
      bytes *= double(d);
    if (bytes > 0.5 * double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE)))
      return error(llvm::formatv("--random-inputs: argument {0} of {1:F1} GiB "
                                 "is more than half of this machine's memory",
                                 i, bytes / (1 << 30)));
    a.shape = shape;
  }
  if (impl->input >= 0 && !impl->isConv) {
    const std::vector<int64_t> &in = args[impl->input].shape;
    impl->roi.batch = in[0];
    impl->imageH = in[2] / impl->roi.spatialScale;
    impl->imageW = in[3] / impl->roi.spatialScale;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    npy::Array &a = args[i];
    if (!a.data.empty())
      continue;
    a.dtype = npy::DType::F32;
    a.data.resize(size_t(a.numElements()) * sizeof(float));
    float *f = reinterpret_cast<float *>(a.data.data());
    int index = int(i);
    int64_t n = a.numElements();
    if (index == impl->rois) {
      std::uniform_real_distribution<double> u(0, 1);
      int64_t batch = impl->isConv ? 1 : impl->roi.batch;
      for (int64_t r = 0; r < n / 5; ++r) {
        double w = 32 + u(rng) * (std::min(400.0, impl->imageW) - 32);
        double h = 32 + u(rng) * (std::min(400.0, impl->imageH) - 32);
        double x1 = u(rng) * std::max(1.0, impl->imageW - w);
        double y1 = u(rng) * std::max(1.0, impl->imageH - h);
        f[r * 5 + 0] = float(rng() % batch);
        f[r * 5 + 1] = float(x1);
        f[r * 5 + 2] = float(y1);
        f[r * 5 + 3] = float(x1 + w);
        f[r * 5 + 4] = float(y1 + h);
      }
      continue;
    }
    for (int64_t k = 0; k < n; ++k) {
      double v = normal(rng);
      if (index == impl->offset)
        v *= impl->isConv ? offsetScale : 1.0;
      else if (index == impl->mask)
        v = 1 / (1 + std::exp(-v));
      else if (index == impl->weight)
        v /= std::sqrt(double(impl->fanIn));
      f[k] = float(v);
    }
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<std::vector<double>>>
SingleOp::reference(const std::vector<npy::Array> &args) const {
  std::vector<std::vector<double>> in;
  for (const npy::Array &a : args) {
    const float *f = reinterpret_cast<const float *>(a.data.data());
    in.emplace_back(f, f + a.numElements());
  }
  auto at = [&](int i) { return i < 0 ? nullptr : in[i].data(); };
  // Sizes that may be dynamic come from the arrays.
  const std::vector<int64_t> &x = args[impl->input].shape;
  if (impl->isConv) {
    ref::Conv2dParams &p = impl->conv;
    bool nhwc = p.dataLayout == ref::DataLayout::NHWC;
    p.batch = x[0];
    p.inH = x[nhwc ? 1 : 2];
    p.inW = x[nhwc ? 2 : 3];
  } else {
    impl->roi.batch = x[0];
    impl->roi.inH = x[2];
    impl->roi.inW = x[3];
    impl->roi.numRois = args[impl->rois].shape[0];
  }
  if (impl->isConv) {
    std::string invalid = ref::validate(impl->conv);
    if (!invalid.empty())
      return error("reference: " + invalid);
    std::vector<double> out(impl->conv.outputSize());
    // Images are independent: a slice of the batch per thread.
    int64_t batch = impl->conv.batch;
    inSlices(batch, [&](int64_t first, int64_t count) {
      ref::Conv2dParams p = impl->conv;
      p.batch = count;
      auto image = [&](int i) {
        return i < 0 ? nullptr : in[i].data() + first * (in[i].size() / batch);
      };
      ref::conv2d(p, image(impl->input), image(impl->offset), at(impl->weight),
                  image(impl->mask), at(impl->bias),
                  out.data() + first * (out.size() / batch));
    });
    return std::vector<std::vector<double>>{std::move(out)};
  }
  std::string invalid = impl->roi.validate();
  if (!invalid.empty())
    return error("reference: " + invalid);
  std::vector<double> out(impl->roi.outputSize()), count(impl->roi.outputSize());
  // Rois are independent: a slice of them per thread.
  int64_t rois = impl->roi.numRois;
  inSlices(rois, [&](int64_t first, int64_t n) {
    ref::RoiPoolParams p = impl->roi;
    p.numRois = n;
    auto slice = [&](int i) {
      return i < 0 ? nullptr : in[i].data() + first * (in[i].size() / rois);
    };
    size_t at0 = first * (out.size() / rois);
    ref::roiPool(p, at(impl->input), slice(impl->rois), slice(impl->offset),
                 slice(impl->mask), out.data() + at0, count.data() + at0);
  });
  if (impl->roi.variant == ref::RoiPoolVariant::DCNPSRoI)
    return std::vector<std::vector<double>>{std::move(out), std::move(count)};
  return std::vector<std::vector<double>>{std::move(out)};
}

} // namespace deform::harness
