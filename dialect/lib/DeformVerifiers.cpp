//===- DeformVerifiers.cpp - shape and attribute checks of deform ops -----===//
//
// Every message names the operand or attribute, the value found and the value
// expected. Sizes may be dynamic (then the check is skipped) or absurdly large
// (then the arithmetic is overflow-checked instead of wrapping).
//
//===----------------------------------------------------------------------===//
#include "deform/Dialect/DeformOps.h"

#include "llvm/Support/MathExtras.h"
#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr int64_t kDynamic = ShapedType::kDynamic;

/// Size arithmetic: dynamic in, dynamic out; overflow gives std::nullopt.
std::optional<int64_t> mulSize(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return kDynamic;
  int64_t r;
  if (llvm::MulOverflow(a, b, r))
    return std::nullopt;
  return r;
}
std::optional<int64_t> addSize(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return kDynamic;
  int64_t r;
  if (llvm::AddOverflow(a, b, r))
    return std::nullopt;
  return r;
}

/// One expected dimension: its value (kDynamic = unchecked), what it means,
/// and whether a tile of the op may hold only part of it (1 to value).
struct Dim {
  int64_t value;
  const char *meaning;
  bool tileable = false;
};

/// Emits the op's diagnostics for common operand checks.
class OperandChecker {
public:
  explicit OperandChecker(Operation *op) : op(op) {}

  LogicalResult rank(StringRef name, Value v, int64_t expected) {
    auto type = cast<ShapedType>(v.getType());
    if (type.getRank() == expected)
      return success();
    return op->emitOpError() << "operand '" << name << "' has rank "
                             << type.getRank() << ", expected rank "
                             << expected << " (" << type << ")";
  }

  LogicalResult elementType(StringRef name, Value v, Type expected,
                            StringRef expectedFrom) {
    Type found = cast<ShapedType>(v.getType()).getElementType();
    if (found == expected)
      return success();
    return op->emitOpError()
           << "operand '" << name << "' has element type " << found
           << ", expected " << expected << " (the element type of '"
           << expectedFrom << "')";
  }

  /// Tileable dimensions may be smaller than expected when `tile` is set
  /// (the op computes one tile).
  LogicalResult dims(StringRef name, Value v, ArrayRef<Dim> expected,
                     bool tile = false) {
    auto type = cast<ShapedType>(v.getType());
    for (auto [i, dim] : llvm::enumerate(expected)) {
      int64_t found = type.getDimSize(i);
      if (ShapedType::isDynamic(found) || ShapedType::isDynamic(dim.value) ||
          found == dim.value)
        continue;
      if (tile && dim.tileable && found >= 1 && found <= dim.value)
        continue;
      if (tile && dim.tileable)
        return op->emitOpError()
               << "operand '" << name << "' dimension " << i << " ("
               << dim.meaning << " of a tile) is " << found
               << ", expected 1 to " << dim.value << " (" << type << ")";
      return op->emitOpError()
             << "operand '" << name << "' dimension " << i << " ("
             << dim.meaning << ") is " << found << ", expected " << dim.value
             << " (" << type << ")";
    }
    return success();
  }

  /// All shaped operands are tensors (one result per destination, of the
  /// destination's type) or all are memrefs (no results).
  LogicalResult tensorOrBufferForm(ValueRange inits) {
    bool anyTensor = false, anyMemRef = false;
    for (Value v : op->getOperands()) {
      if (!isa<ShapedType>(v.getType()))
        continue; // tile origin indices
      (isa<TensorType>(v.getType()) ? anyTensor : anyMemRef) = true;
    }
    if (anyTensor && anyMemRef)
      return op->emitOpError()
             << "operands mix tensors and memrefs; expected all tensors "
                "(value form) or all memrefs (buffer form)";
    if (anyMemRef) {
      if (op->getNumResults() != 0)
        return op->emitOpError() << "has " << op->getNumResults()
                                 << " results in buffer (memref) form, "
                                    "expected 0";
      return success();
    }
    if (op->getNumResults() != inits.size())
      return op->emitOpError()
             << "has " << op->getNumResults() << " results, expected "
             << inits.size() << " (one per destination operand)";
    for (auto [i, pair] : llvm::enumerate(llvm::zip(inits, op->getResults())))
      if (std::get<0>(pair).getType() != std::get<1>(pair).getType())
        return op->emitOpError()
               << "result " << i << " has type " << std::get<1>(pair).getType()
               << ", expected " << std::get<0>(pair).getType()
               << " (the type of its destination operand)";
    return success();
  }

  InFlightDiagnostic overflow(StringRef what) {
    return op->emitOpError() << what << " overflows a 64-bit size";
  }

private:
  Operation *op;
};

LogicalResult checkArray(Operation *op, StringRef name, ArrayRef<int64_t> v,
                         size_t size, int64_t min, StringRef layout) {
  if (v.size() != size)
    return op->emitOpError() << "attribute '" << name << "' has " << v.size()
                             << " values, expected " << size << " " << layout;
  for (auto [i, x] : llvm::enumerate(v))
    if (x < min)
      return op->emitOpError()
             << "attribute '" << name << "' value " << i << " is " << x
             << ", expected at least " << min;
  return success();
}

/// The element types the code generators compute with.
LogicalResult checkElementType(Operation *op, Value input) {
  Type t = cast<ShapedType>(input.getType()).getElementType();
  if (t.isF16() || t.isBF16() || t.isF32() || t.isF64())
    return success();
  return op->emitOpError() << "operand 'input' has element type " << t
                           << ", expected f16, bf16, f32 or f64";
}

/// The largest sampling grid per bin and axis (sampling_ratio,
/// sample_per_part), like the adaptive grid's cap.
constexpr int64_t kMaxSamplesPerAxis = 512;

LogicalResult checkPositive(Operation *op, StringRef name, int64_t v) {
  if (v >= 1)
    return success();
  return op->emitOpError() << "attribute '" << name << "' is " << v
                           << ", expected at least 1";
}

constexpr int64_t kMaxPaddedSide = (int64_t(1) << 24) - 1;

/// Output extent of one spatial axis; kDynamic if unknown, nullopt + error on
/// overflow or an input smaller than the dilated kernel.
FailureOr<int64_t> outputExtent(Operation *op, StringRef axis, int64_t in,
                                int64_t padBefore, int64_t padAfter,
                                int64_t kernel, int64_t dilation,
                                int64_t stride) {
  // Sampling splits coordinates into i32 integer parts (Sampling.h).
  if (padBefore > kMaxPaddedSide - padAfter)
    return op->emitOpError() << "pads of the input " << axis << " are "
                             << padBefore << " + " << padAfter
                             << ", expected at most " << kMaxPaddedSide
                             << " (2^24 - 1) together";
  if (ShapedType::isDynamic(kernel))
    return kDynamic;
  std::optional<int64_t> span = mulSize(kernel - 1, dilation);
  // The dilated kernel must fit a padded side whatever the image size.
  if (!span || *span == INT64_MAX)
    return op->emitOpError() << "dilated kernel " << axis
                             << " overflows a 64-bit size";
  if (*span + 1 > kMaxPaddedSide)
    return op->emitOpError() << "dilated kernel " << axis << " is "
                             << *span + 1 << ", expected at most "
                             << kMaxPaddedSide << " (2^24 - 1)";
  if (ShapedType::isDynamic(in))
    return kDynamic;
  std::optional<int64_t> padded = addSize(in, padBefore);
  if (padded)
    padded = addSize(*padded, padAfter);
  if (!padded)
    return op->emitOpError() << "padded input " << axis
                             << " overflows a 64-bit size";
  if (*padded > kMaxPaddedSide)
    return op->emitOpError() << "padded input " << axis << " is " << *padded
                             << ", expected at most " << kMaxPaddedSide
                             << " (2^24 - 1)";
  int64_t effectiveKernel = *span + 1;
  if (*padded < effectiveKernel)
    return op->emitOpError()
           << "padded input " << axis << " is " << *padded
           << ", expected at least the dilated kernel " << axis << " "
           << effectiveKernel << " (output " << axis << " would be empty)";
  return (*padded - effectiveKernel) / stride + 1;
}
} // namespace

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::verify() {
  Operation *op = getOperation();
  OperandChecker check(op);
  if (failed(check.tensorOrBufferForm(getInit())))
    return failure();
  if (!getTileOrigin().empty() && getTileOrigin().size() != 4)
    return emitOpError() << "has " << getTileOrigin().size()
                         << " origin values, expected 4 (output channel, row, "
                            "column, input channel)";
  bool tile = isTile();

  // Ranks and element types.
  if (failed(check.rank("input", getInput(), 4)) ||
      failed(check.rank("offset", getOffset(), 4)) ||
      failed(check.rank("weight", getWeight(), 4)) ||
      failed(check.rank("init", getInit(), 4)) ||
      (getMask() && failed(check.rank("mask", getMask(), 4))) ||
      (getBias() && failed(check.rank("bias", getBias(), 1))))
    return failure();
  Type elt = getInput().getType().getElementType();
  if (failed(checkElementType(op, getInput())) ||
      failed(check.elementType("offset", getOffset(), elt, "input")) ||
      failed(check.elementType("weight", getWeight(), elt, "input")) ||
      failed(check.elementType("init", getInit(), elt, "input")) ||
      (getMask() && failed(check.elementType("mask", getMask(), elt, "input"))) ||
      (getBias() && failed(check.elementType("bias", getBias(), elt, "input"))))
    return failure();

  // Attributes.
  if (failed(checkArray(op, "strides", getStrides(), 2, 1, "[h, w]")) ||
      failed(checkArray(op, "dilations", getDilations(), 2, 1, "[h, w]")) ||
      failed(checkArray(op, "pads", getPads(), 4, 0,
                        "[top, left, bottom, right]")) ||
      failed(checkPositive(op, "groups", getGroups())) ||
      failed(checkPositive(op, "offset_groups", getOffsetGroups())))
    return failure();

  // Sizes.
  bool nhwc = isNHWC();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  int64_t batch = in[0], channels = nhwc ? in[3] : in[1];
  int64_t height = nhwc ? in[1] : in[2], width = nhwc ? in[2] : in[3];
  bool oihw = getWeightLayout() == WeightLayout::OIHW;
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  int64_t outChannels = oihw ? w[0] : w[2];
  int64_t kh = getKernelH(), kw = getKernelW();
  for (auto [value, name] : {std::pair{kh, "height"}, std::pair{kw, "width"}})
    if (!ShapedType::isDynamic(value) && value < 1)
      return emitOpError() << "kernel " << name << " (from operand 'weight' "
                           << getWeight().getType() << ") is " << value
                           << ", expected at least 1";

  for (auto [value, name] : {std::pair{channels, "input channels"},
                             std::pair{outChannels, "output channels"}})
    if (value == 0)
      return emitOpError() << name << " (from operand '"
                           << (StringRef(name).starts_with("input") ? "input"
                                                                    : "weight")
                           << "') is 0, expected at least 1";
  int64_t groups = getGroups(), offsetGroups = getOffsetGroups();
  auto divisible = [&](int64_t value, const char *what, int64_t divisor,
                       const char *attr) -> LogicalResult {
    if (ShapedType::isDynamic(value) || value % divisor == 0)
      return success();
    return emitOpError() << what << " (" << value
                         << ") must be divisible by attribute '" << attr
                         << "' (" << divisor << ")";
  };
  bool groupsOnOutput = getOffsetGroupAxis() == OffsetGroupAxis::Output;
  if (failed(divisible(channels, "input channels", groups, "groups")) ||
      failed(divisible(outChannels, "output channels", groups, "groups")) ||
      failed(groupsOnOutput
                 ? divisible(outChannels, "output channels", offsetGroups,
                             "offset_groups")
                 : divisible(channels, "input channels", offsetGroups,
                             "offset_groups")))
    return failure();

  ArrayRef<int64_t> strides = getStrides(), dilations = getDilations(),
                    pads = getPads();
  FailureOr<int64_t> outH = outputExtent(op, "height", height, pads[0],
                                         pads[2], kh, dilations[0], strides[0]);
  if (failed(outH))
    return failure();
  FailureOr<int64_t> outW = outputExtent(op, "width", width, pads[1], pads[3],
                                         kw, dilations[1], strides[1]);
  if (failed(outW))
    return failure();

  int64_t channelsPerGroup =
      ShapedType::isDynamic(channels) ? kDynamic : channels / groups;
  // A tile sums part of the input channels of each weight group (the
  // weight keeps every output channel).
  Dim perGroup{channelsPerGroup, "C/groups", /*tileable=*/true};
  if (failed(check.dims("weight", getWeight(),
                        oihw ? ArrayRef<Dim>{{outChannels, "OC"},
                                             perGroup,
                                             {kh, "kh"},
                                             {kw, "kw"}}
                             : ArrayRef<Dim>{{kh, "kh"},
                                             {kw, "kw"},
                                             {outChannels, "OC"},
                                             perGroup},
                        tile)))
    return failure();

  Dim oc{outChannels, "OC", true}, rows{*outH, "output height", true},
      cols{*outW, "output width", true};
  if (failed(check.dims("init", getInit(),
                        nhwc ? ArrayRef<Dim>{{batch, "batch"}, rows, cols, oc}
                             : ArrayRef<Dim>{{batch, "batch"}, oc, rows, cols},
                        tile)))
    return failure();

  std::optional<int64_t> taps = mulSize(kh, kw);
  std::optional<int64_t> maskChannels =
      taps ? mulSize(*taps, offsetGroups) : std::nullopt;
  std::optional<int64_t> offsetChannels =
      maskChannels ? mulSize(*maskChannels, 2) : std::nullopt;
  if (!offsetChannels)
    return check.overflow("offset channels offset_groups*2*kh*kw");
  bool planar = getOffsetLayout() == OffsetLayout::Planar;
  auto sampleDims = [&](int64_t perPixel, const char *meaning) {
    return planar ? SmallVector<Dim>{{batch, "batch"},
                                     {perPixel, meaning},
                                     rows,
                                     cols}
                  : SmallVector<Dim>{{batch, "batch"},
                                     rows,
                                     cols,
                                     {perPixel, meaning}};
  };
  if (failed(check.dims("offset", getOffset(),
                        sampleDims(*offsetChannels, "offset_groups*2*kh*kw"),
                        tile)))
    return failure();
  if (getMask() &&
      failed(check.dims("mask", getMask(),
                        sampleDims(*maskChannels, "offset_groups*kh*kw"), tile)))
    return failure();
  if (getBias() && failed(check.dims("bias", getBias(), {{outChannels, "OC"}})))
    return failure();
  if (KernelConfigAttrInterface config = getConfigAttr())
    return config.verifyFor(op);
  return success();
}

//===----------------------------------------------------------------------===//
// RoiPoolOp
//===----------------------------------------------------------------------===//

LogicalResult RoiPoolOp::verify() {
  Operation *op = getOperation();
  OperandChecker check(op);
  bool ps = isPositionSensitive();
  StringRef variant = stringifyRoiPoolVariant(getVariant());

  size_t maxInits = ps ? 2 : 1;
  if (getInits().empty() || getInits().size() > maxInits)
    return emitOpError() << "has " << getInits().size()
                         << " destination operands, expected "
                         << (ps ? "1 or 2 (output, optional sample count)"
                                : "1")
                         << " for the " << variant << " variant";
  if (failed(check.tensorOrBufferForm(getInits())))
    return failure();

  Value out = getInits()[0];
  if (failed(check.rank("input", getInput(), 4)) ||
      failed(check.rank("rois", getRois(), 2)) ||
      failed(check.rank("output", out, 4)) ||
      (getOffset() && failed(check.rank("offset", getOffset(), 4))) ||
      (getMask() && failed(check.rank("mask", getMask(), 4))))
    return failure();
  Type elt = cast<ShapedType>(getInput().getType()).getElementType();
  if (failed(checkElementType(op, getInput())) ||
      failed(check.elementType("rois", getRois(), elt, "input")) ||
      failed(check.elementType("output", out, elt, "input")) ||
      (getOffset() &&
       failed(check.elementType("offset", getOffset(), elt, "input"))) ||
      (getMask() && failed(check.elementType("mask", getMask(), elt, "input"))))
    return failure();

  double scale = getSpatialScale().convertToDouble();
  if (!(scale > 0) || !std::isfinite(scale))
    return emitOpError() << "attribute 'spatial_scale' is " << scale
                         << ", expected a finite value > 0";

  // Attributes that belong to the other variant are rejected, not ignored.
  auto mustBeAbsent = [&](bool present, StringRef name) -> LogicalResult {
    if (!present)
      return success();
    return emitOpError() << "attribute '" << name << "' is not used by the "
                         << variant << " variant; remove it";
  };
  auto finite = [&](std::optional<APFloat> v, StringRef name) -> LogicalResult {
    if (!v || std::isfinite(v->convertToDouble()))
      return success();
    return emitOpError() << "attribute '" << name << "' is "
                         << v->convertToDouble() << ", expected a finite value";
  };

  auto inShape = cast<ShapedType>(getInput().getType()).getShape();
  auto roiShape = cast<ShapedType>(getRois().getType()).getShape();
  auto outShape = cast<ShapedType>(out.getType()).getShape();
  int64_t numRois = roiShape[0], channels = inShape[1];
  int64_t outChannels = outShape[1], pooledH = outShape[2],
          pooledW = outShape[3];
  if (failed(check.dims("rois", getRois(),
                        {{kDynamic, "R"},
                         {5, "(batch_index, x1, y1, x2, y2)"}})))
    return failure();
  for (auto [value, name] :
       {std::pair{pooledH, "pooled height"}, std::pair{pooledW, "pooled width"}})
    if (!ShapedType::isDynamic(value) && value < 1)
      return emitOpError() << "output " << name << " is " << value
                           << ", expected at least 1";
  if (failed(check.dims("output", out, {{numRois, "R"}})))
    return failure();
  if (channels == 0)
    return emitOpError() << "operand 'input' dimension 1 (channels) is 0, "
                            "expected at least 1";

  if (!ps) {
    if (failed(mustBeAbsent(getGroupSize().has_value(), "group_size")) ||
        failed(mustBeAbsent(getPartSize().has_value(), "part_size")) ||
        failed(mustBeAbsent(getSamplePerPart().has_value(), "sample_per_part")) ||
        failed(mustBeAbsent(getTransStd().has_value(), "trans_std")) ||
        failed(finite(getGamma(), "gamma")))
      return failure();
    if (getSamplingRatioOrDefault() < 0 ||
        getSamplingRatioOrDefault() > kMaxSamplesPerAxis)
      return emitOpError() << "attribute 'sampling_ratio' is "
                           << getSamplingRatioOrDefault() << ", expected 0 "
                           << "(adaptive) to " << kMaxSamplesPerAxis;
    if (failed(check.dims("output", out, {{numRois, "R"}, {channels, "C"}})))
      return failure();
    if (getOffset() &&
        failed(check.dims("offset", getOffset(),
                          {{numRois, "R"},
                           {2, "(x, y)"},
                           {pooledH, "pooled height"},
                           {pooledW, "pooled width"}})))
      return failure();
    if (getMask() && failed(check.dims("mask", getMask(),
                                       {{numRois, "R"},
                                        {1, "1"},
                                        {pooledH, "pooled height"},
                                        {pooledW, "pooled width"}})))
      return failure();
    return getConfigAttr() ? getConfigAttr().verifyFor(op) : success();
  }

  // Position-sensitive variant.
  if (failed(mustBeAbsent(getSamplingRatio().has_value(), "sampling_ratio")) ||
      failed(mustBeAbsent(getGamma().has_value(), "gamma")) ||
      failed(finite(getTransStd(), "trans_std")))
    return failure();
  for (auto [attr, name] : {std::pair{getGroupSize(), "group_size"},
                            std::pair{getPartSize(), "part_size"},
                            std::pair{getSamplePerPart(), "sample_per_part"}}) {
    if (!attr)
      return emitOpError() << "requires attribute '" << name
                           << "' for the dcn_psroi variant";
    if (failed(checkPositive(op, name, *attr)))
      return failure();
  }
  if (*getSamplePerPart() > kMaxSamplesPerAxis)
    return emitOpError() << "attribute 'sample_per_part' is "
                         << *getSamplePerPart() << ", expected 1 to "
                         << kMaxSamplesPerAxis;
  if (getMask())
    return emitOpError() << "operand 'mask' is not supported by the dcn_psroi "
                            "variant; expected no mask";
  int64_t groupSize = *getGroupSize(), partSize = *getPartSize();
  std::optional<int64_t> groupCells = mulSize(groupSize, groupSize);
  std::optional<int64_t> expectedChannels =
      groupCells ? mulSize(outChannels, *groupCells) : std::nullopt;
  if (!expectedChannels)
    return check.overflow("output channels * group_size^2");
  if (failed(check.dims("input", getInput(),
                        {{kDynamic, "N"},
                         {*expectedChannels, "output channels * group_size^2"}})))
    return failure();
  if (getInits().size() == 2 && getInits()[1].getType() != out.getType())
    return emitOpError() << "operand 'count' has type "
                         << getInits()[1].getType() << ", expected "
                         << out.getType() << " (the output's type)";
  if (getOffset()) {
    if (failed(check.dims("offset", getOffset(),
                          {{numRois, "R"},
                           {kDynamic, "2*num_classes"},
                           {partSize, "part_size"},
                           {partSize, "part_size"}})))
      return failure();
    int64_t transChannels =
        cast<ShapedType>(getOffset().getType()).getDimSize(1);
    if (!ShapedType::isDynamic(transChannels)) {
      if (transChannels < 2 || transChannels % 2 != 0)
        return emitOpError() << "operand 'offset' dimension 1 (2*num_classes) "
                                "is "
                             << transChannels
                             << ", expected a positive even number";
      int64_t numClasses = transChannels / 2;
      if (!ShapedType::isDynamic(outChannels) && outChannels % numClasses != 0)
        return emitOpError()
               << "output channels (" << outChannels
               << ") must be divisible by the offset's num_classes ("
               << numClasses << ")";
    }
  }
  return getConfigAttr() ? getConfigAttr().verifyFor(op) : success();
}

//===----------------------------------------------------------------------===//
// SampleColumnsOp
//===----------------------------------------------------------------------===//

LogicalResult SampleColumnsOp::verify() {
  Operation *op = getOperation();
  OperandChecker check(op);
  if (failed(check.rank("input", getInput(), 4)) ||
      failed(check.rank("offset", getOffset(), 4)) ||
      failed(check.rank("cols", getCols(), 2)) ||
      (getMask() && failed(check.rank("mask", getMask(), 4))))
    return failure();
  if (failed(checkArray(op, "kernel", getKernel(), 2, 1, "[kh, kw]")) ||
      failed(checkArray(op, "strides", getStrides(), 2, 1, "[h, w]")) ||
      failed(checkArray(op, "dilations", getDilations(), 2, 1, "[h, w]")) ||
      failed(checkArray(op, "pads", getPads(), 4, 0,
                        "[top, left, bottom, right]")) ||
      failed(checkPositive(op, "offset_groups", getOffsetGroups())))
    return failure();
  // Before the element type is used as a float (pipeline fuzz finding:
  // an integer input crashed here).
  if (failed(checkElementType(op, getInput())))
    return failure();
  Type elt = getInput().getType().getElementType();
  if (failed(check.elementType("offset", getOffset(), elt, "input")) ||
      (getMask() && failed(check.elementType("mask", getMask(), elt, "input"))))
    return failure();
  Type colsElt = getCols().getType().getElementType();
  Type compute = cast<FloatType>(elt).getWidth() <= 32
                     ? Type(Float32Type::get(getContext()))
                     : elt;
  if (colsElt != compute)
    return emitOpError() << "operand 'cols' has element type " << colsElt
                         << ", expected " << compute
                         << " (the compute type of the input's " << elt << ")";
  std::optional<int64_t> taps = mulSize(getKernel()[0], getKernel()[1]);
  std::optional<int64_t> maskChannels =
      taps ? mulSize(*taps, getOffsetGroups()) : std::nullopt;
  std::optional<int64_t> offsetChannels =
      maskChannels ? mulSize(*maskChannels, 2) : std::nullopt;
  if (!offsetChannels)
    return check.overflow("offset channels offset_groups*2*kh*kw");
  int64_t rows = getCols().getType().getDimSize(0);
  if (!ShapedType::isDynamic(rows) && rows % *taps != 0)
    return emitOpError() << "operand 'cols' dimension 0 is " << rows
                         << ", expected a multiple of kh*kw = " << *taps;
  bool planar = getOffsetLayout() == OffsetLayout::Planar;
  if (failed(check.dims("offset", getOffset(),
                        planar ? ArrayRef<Dim>{{kDynamic, "batch"},
                                               {*offsetChannels,
                                                "offset_groups*2*kh*kw"}}
                               : ArrayRef<Dim>{{kDynamic, "batch"},
                                               {kDynamic, "rows"},
                                               {kDynamic, "columns"},
                                               {*offsetChannels,
                                                "offset_groups*2*kh*kw"}})))
    return failure();
  if (getMask() &&
      failed(check.dims("mask", getMask(),
                        planar ? ArrayRef<Dim>{{kDynamic, "batch"},
                                               {*maskChannels,
                                                "offset_groups*kh*kw"}}
                               : ArrayRef<Dim>{{kDynamic, "batch"},
                                               {kDynamic, "rows"},
                                               {kDynamic, "columns"},
                                               {*maskChannels,
                                                "offset_groups*kh*kw"}})))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Im2colOp
//===----------------------------------------------------------------------===//

LogicalResult Im2colOp::verify() {
  Operation *op = getOperation();
  OperandChecker check(op);
  if (failed(check.rank("input", getInput(), 4)) ||
      failed(check.rank("cols", getCols(), 2)) ||
      failed(checkArray(op, "kernel", getKernel(), 2, 1, "[kh, kw]")) ||
      failed(checkArray(op, "strides", getStrides(), 2, 1, "[h, w]")) ||
      failed(checkArray(op, "dilations", getDilations(), 2, 1, "[h, w]")) ||
      failed(checkArray(op, "pads", getPads(), 4, 0,
                        "[top, left, bottom, right]")))
    return failure();
  if (failed(checkElementType(op, getInput())))
    return failure();
  Type elt = getInput().getType().getElementType();
  Type colsElt = getCols().getType().getElementType();
  Type compute = cast<FloatType>(elt).getWidth() <= 32
                     ? Type(Float32Type::get(getContext()))
                     : elt;
  if (colsElt != compute)
    return emitOpError() << "operand 'cols' has element type " << colsElt
                         << ", expected " << compute
                         << " (the compute type of the input's " << elt << ")";
  std::optional<int64_t> taps = mulSize(getKernel()[0], getKernel()[1]);
  if (!taps)
    return check.overflow("kernel taps kh*kw");
  int64_t rows = getCols().getType().getDimSize(0);
  if (!ShapedType::isDynamic(rows) && rows % *taps != 0)
    return emitOpError() << "operand 'cols' dimension 0 is " << rows
                         << ", expected a multiple of kh*kw = " << *taps;
  return success();
}
