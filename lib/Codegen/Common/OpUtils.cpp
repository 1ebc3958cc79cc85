//===- OpUtils.cpp - helpers shared by deform's transforms ----------------===//
#include "deform/Codegen/Common/OpUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/OpDefinition.h"

using namespace mlir;
using namespace mlir::deform;

static constexpr llvm::StringLiteral kSegments = "operandSegmentSizes";

SmallVector<SmallVector<Value>> mlir::deform::operandGroups(Operation *op) {
  auto props = cast<DictionaryAttr>(op->getPropertiesAsAttribute());
  auto sizes = cast<DenseI32ArrayAttr>(props.get(kSegments));
  SmallVector<SmallVector<Value>> groups;
  unsigned next = 0;
  for (int32_t size : sizes.asArrayRef()) {
    groups.emplace_back(op->operand_begin() + next,
                        op->operand_begin() + next + size);
    next += size;
  }
  return groups;
}

Operation *mlir::deform::cloneWithOperands(
    OpBuilder &b, Operation *op, ArrayRef<SmallVector<Value>> operandGroups,
    TypeRange resultTypes) {
  SmallVector<Value> operands;
  SmallVector<int32_t> sizes;
  for (const SmallVector<Value> &group : operandGroups) {
    llvm::append_range(operands, group);
    sizes.push_back(group.size());
  }
  auto props = cast<DictionaryAttr>(op->getPropertiesAsAttribute());
  NamedAttrList newProps(props);
  newProps.set(kSegments, b.getDenseI32ArrayAttr(sizes));
  OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                       op->getDiscardableAttrDictionary().getValue());
  state.propertiesAttr = newProps.getDictionary(b.getContext());
  return b.create(state);
}

OpFoldResult mlir::deform::dimSize(OpBuilder &b, Location loc, Value shaped,
                                   int64_t dim) {
  if (isa<TensorType>(shaped.getType()))
    return tensor::getMixedSize(b, loc, shaped, dim);
  return memref::getMixedSize(b, loc, shaped, dim);
}

Value mlir::deform::slice(OpBuilder &b, Location loc, Value source,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
  if (isa<TensorType>(source.getType()))
    return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                          strides);
  return memref::SubViewOp::create(b, loc, source, offsets, sizes, strides);
}

std::optional<ConvGeometry> mlir::deform::regularConvGeometry(Operation *op) {
  auto nchw = dyn_cast<linalg::Conv2DNchwFchwOp>(op);
  auto nhwc = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op);
  if (!nchw && !nhwc)
    return std::nullopt;
  auto linalgOp = cast<linalg::LinalgOp>(op);
  auto in = cast<ShapedType>(linalgOp.getDpsInputs()[0].getType()).getShape();
  auto w = cast<ShapedType>(linalgOp.getDpsInputs()[1].getType()).getShape();
  SmallVector<int64_t> strides, dilations;
  for (const APInt &v : (nchw ? nchw.getStrides() : nhwc.getStrides()))
    strides.push_back(v.getSExtValue());
  for (const APInt &v : (nchw ? nchw.getDilations() : nhwc.getDilations()))
    dilations.push_back(v.getSExtValue());
  ConvGeometry g;
  g.nhwc = bool(nhwc);
  g.hwoi = false;
  g.hwio = bool(nhwc);
  g.planar = true;
  g.groupsOnOutput = false;
  g.batch = in[0];
  g.channels = in[g.channelDim()];
  g.height = in[g.rowDim()];
  g.width = in[g.columnDim()];
  g.outChannels = w[g.weightOutDim()];
  g.reductionChannels = w[g.weightInDim()];
  g.kh = w[g.kernelFirst() ? 0 : 2];
  g.kw = w[g.kernelFirst() ? 1 : 3];
  g.taps = ShapedType::isDynamic(g.kh) || ShapedType::isDynamic(g.kw)
               ? ShapedType::kDynamic
               : g.kh * g.kw;
  g.groups = 1;
  g.offsetGroups = 1;
  g.strideH = strides[0];
  g.strideW = strides[1];
  g.dilH = dilations[0];
  g.dilW = dilations[1];
  g.padTop = g.padLeft = g.padBottom = g.padRight = 0;
  return g;
}
