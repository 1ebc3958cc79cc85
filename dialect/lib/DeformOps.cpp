//===- DeformOps.cpp - deform dialect ops ---------------------------------===//
#include "deform/Dialect/DeformOps.h"

#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::deform;

/// Like linalg: reads of every shaped operand, writes to memref destinations.
static void
getDpsEffects(DestinationStyleOpInterface op,
              SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
                  &effects) {
  if (op.hasPureTensorSemantics())
    return;
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    effects.emplace_back(MemoryEffects::Read::get(), &operand, /*stage=*/0,
                         /*effectOnFullRegion=*/true,
                         SideEffects::DefaultResource::get());
    if (op.isDpsInit(&operand))
      effects.emplace_back(MemoryEffects::Write::get(), &operand, /*stage=*/0,
                           /*effectOnFullRegion=*/true,
                           SideEffects::DefaultResource::get());
  }
}

void Conv2dOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(cast<DestinationStyleOpInterface>(getOperation()), effects);
}

void RoiPoolOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(cast<DestinationStyleOpInterface>(getOperation()), effects);
}

void Im2colOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(cast<DestinationStyleOpInterface>(getOperation()), effects);
}

void SampleColumnsOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(cast<DestinationStyleOpInterface>(getOperation()), effects);
}

ConvGeometry Conv2dOp::getGeometry() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  ConvGeometry g;
  g.nhwc = isNHWC();
  g.hwoi = getWeightLayout() == WeightLayout::HWOI;
  g.planar = getOffsetLayout() == OffsetLayout::Planar;
  g.groupsOnOutput = getOffsetGroupAxis() == OffsetGroupAxis::Output;
  g.batch = in[0];
  g.channels = in[g.channelDim()];
  g.height = in[g.rowDim()];
  g.width = in[g.columnDim()];
  g.outChannels = w[g.weightOutDim()];
  g.reductionChannels = w[g.weightInDim()];
  g.kh = getKernelH();
  g.kw = getKernelW();
  g.taps = ShapedType::isDynamic(g.kh) || ShapedType::isDynamic(g.kw)
               ? ShapedType::kDynamic
               : g.kh * g.kw;
  g.groups = getGroups();
  g.offsetGroups = getOffsetGroups();
  g.strideH = getStrides()[0];
  g.strideW = getStrides()[1];
  g.dilH = getDilations()[0];
  g.dilW = getDilations()[1];
  g.padTop = getPads()[0];
  g.padLeft = getPads()[1];
  g.padBottom = getPads()[2];
  g.padRight = getPads()[3];
  return g;
}

int64_t Conv2dOp::getKernelH() {
  auto shape = cast<ShapedType>(getWeight().getType()).getShape();
  return getWeightLayout() == WeightLayout::OIHW ? shape[2] : shape[0];
}

int64_t Conv2dOp::getKernelW() {
  auto shape = cast<ShapedType>(getWeight().getType()).getShape();
  return getWeightLayout() == WeightLayout::OIHW ? shape[3] : shape[1];
}

/// The roi_pool variant prints as a bare keyword: `deform.roi_pool mmcv ...`.
static ParseResult parseRoiPoolVariant(OpAsmParser &parser,
                                       RoiPoolVariantAttr &variant) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<RoiPoolVariant> value = symbolizeRoiPoolVariant(keyword);
  if (!value)
    return parser.emitError(loc) << "unknown deform.roi_pool variant '"
                                 << keyword << "', expected 'mmcv' or "
                                 << "'dcn_psroi'";
  variant = RoiPoolVariantAttr::get(parser.getContext(), *value);
  return success();
}

static void printRoiPoolVariant(OpAsmPrinter &printer, Operation *,
                                RoiPoolVariantAttr variant) {
  printer << stringifyRoiPoolVariant(variant.getValue());
}

#define GET_OP_CLASSES
#include "deform/Dialect/DeformOps.cpp.inc"
