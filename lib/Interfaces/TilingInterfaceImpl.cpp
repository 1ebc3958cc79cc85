//===- TilingInterfaceImpl.cpp - TilingInterface for deform ops -----------===//
//
// conv2d iterates over (batch, output channel, output row, output column)
// in parallel and reduces over the input channels of each weight group. A
// tile slices the offset, mask and output to its pixels (and output
// channels), the weight to its input channels and the input to its batch (a
// sample's footprint depends on offset values, so the image stays whole),
// and records where it starts through `origin`. roi_pool iterates over
// (roi, channel) for mmcv, whose channels are independent, and over rois
// alone for dcn_psroi, whose class index depends on the absolute output
// channel.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/Common/OpUtils.h"
#include "deform/Interfaces/Interfaces.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
OpFoldResult zero(OpBuilder &b) { return b.getIndexAttr(0); }

/// offsets/sizes over a 4-D operand for (batch, row, column) offsets/sizes:
/// (batch, channels, rows, cols) or (batch, rows, cols, channels), channels
/// whole.
void spatialSlice(OpBuilder &b, Location loc, Value v, bool channelsLast,
                  ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes,
                  SmallVectorImpl<OpFoldResult> &outOffsets,
                  SmallVectorImpl<OpFoldResult> &outSizes) {
  OpFoldResult channels = dimSize(b, loc, v, channelsLast ? 3 : 1);
  if (channelsLast) {
    outOffsets.assign({offsets[0], offsets[1], offsets[2], zero(b)});
    outSizes.assign({sizes[0], sizes[1], sizes[2], channels});
  } else {
    outOffsets.assign({offsets[0], zero(b), offsets[1], offsets[2]});
    outSizes.assign({sizes[0], channels, sizes[1], sizes[2]});
  }
}

Value sliceSpatial(OpBuilder &b, Location loc, Value v, bool channelsLast,
                   ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> o, s;
  spatialSlice(b, loc, v, channelsLast, offsets, sizes, o, s);
  return slice(b, loc, v, o, s);
}

SmallVector<Type> resultTypesFor(Operation *op, ValueRange inits) {
  SmallVector<Type> types;
  if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
    for (Value v : inits)
      types.push_back(v.getType());
  return types;
}

/// `v` sliced along dimension `dim` to [offset, offset + size), or `v`
/// itself when the slice is the whole dimension.
Value sliceDim(OpBuilder &b, Location loc, Value v, int64_t dim,
               OpFoldResult offset, OpFoldResult size,
               SmallVectorImpl<Operation *> &slices) {
  auto type = cast<ShapedType>(v.getType());
  std::optional<int64_t> start = getConstantIntValue(offset);
  std::optional<int64_t> extent = getConstantIntValue(size);
  if (start == 0 && extent && !type.isDynamicDim(dim) &&
      *extent == type.getDimSize(dim))
    return v;
  SmallVector<OpFoldResult> offsets(type.getRank(), zero(b)), sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(dimSize(b, loc, v, d));
  offsets[dim] = offset;
  sizes[dim] = size;
  Value s = slice(b, loc, v, offsets, sizes);
  slices.push_back(s.getDefiningOp());
  return s;
}

struct Conv2dTiling
    : public TilingInterface::ExternalModel<Conv2dTiling, Conv2dOp> {
  // (batch, output channel, row, column | input channel of a weight group).
  SmallVector<utils::IteratorType> getLoopIteratorTypes(Operation *) const {
    SmallVector<utils::IteratorType> types(4, utils::IteratorType::parallel);
    types.push_back(utils::IteratorType::reduction);
    return types;
  }

  SmallVector<Range> getIterationDomain(Operation *op, OpBuilder &b) const {
    auto conv = cast<Conv2dOp>(op);
    Location loc = op->getLoc();
    ConvGeometry g = conv.getGeometry();
    Value init = conv.getInit();
    SmallVector<Range> domain;
    for (int64_t d : {int64_t(0), g.channelDim(), g.rowDim(), g.columnDim()})
      domain.push_back({zero(b), dimSize(b, loc, init, d), b.getIndexAttr(1)});
    domain.push_back({zero(b), dimSize(b, loc, conv.getWeight(), g.weightInDim()),
                      b.getIndexAttr(1)});
    return domain;
  }

  /// Offsets/sizes of the output for the parallel part of a tile.
  static void outputTile(ConvGeometry &g, OpBuilder &b, Location loc,
                         Value init, ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes,
                         SmallVectorImpl<OpFoldResult> &o,
                         SmallVectorImpl<OpFoldResult> &s) {
    o.assign(4, zero(b));
    s.assign(4, zero(b));
    int64_t dims[4] = {0, g.channelDim(), g.rowDim(), g.columnDim()};
    for (int i = 0; i < 4; ++i) {
      o[dims[i]] = offsets[i];
      s[dims[i]] = sizes[i];
    }
  }

  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    auto conv = cast<Conv2dOp>(op);
    Location loc = op->getLoc();
    ConvGeometry g = conv.getGeometry();
    SmallVector<Operation *> slices;
    auto record = [&](Value v) {
      slices.push_back(v.getDefiningOp());
      return v;
    };

    // The input keeps its whole image and every channel: only the batch is
    // sliced. The weight keeps every output channel (the group index needs
    // the absolute one) and is sliced along the reduction.
    Value inputTile = sliceDim(b, loc, conv.getInput(), 0, offsets[0], sizes[0],
                               slices);
    Value offsetTile = record(sliceSpatial(b, loc, conv.getOffset(), !g.planar,
                                           {offsets[0], offsets[2], offsets[3]},
                                           {sizes[0], sizes[2], sizes[3]}));
    SmallVector<Value> mask;
    if (conv.getMask())
      mask.push_back(record(sliceSpatial(b, loc, conv.getMask(), !g.planar,
                                         {offsets[0], offsets[2], offsets[3]},
                                         {sizes[0], sizes[2], sizes[3]})));
    Value weightTile = sliceDim(b, loc, conv.getWeight(), g.weightInDim(),
                                offsets[4], sizes[4], slices);
    SmallVector<OpFoldResult> initOffsets, initSizes;
    outputTile(g, b, loc, conv.getInit(), offsets, sizes, initOffsets,
               initSizes);
    Value initTile =
        record(slice(b, loc, conv.getInit(), initOffsets, initSizes));

    // Absolute position of the tile: output channel, row, column, input
    // channel (composed with the op's own origin when it is already a tile).
    SmallVector<Value> origin;
    for (int i = 0; i < 4; ++i) {
      Value start = getValueOrCreateConstantIndexOp(b, loc, offsets[1 + i]);
      if (conv.isTile())
        start = arith::AddIOp::create(b, loc, conv.getTileOrigin()[i], start);
      origin.push_back(start);
    }

    SmallVector<SmallVector<Value>> groups = {
        {inputTile}, {offsetTile}, {weightTile}, mask,
        conv.getBias() ? SmallVector<Value>{conv.getBias()} : SmallVector<Value>{},
        {initTile}, origin};
    Operation *tiled =
        cloneWithOperands(b, op, groups, resultTypesFor(op, initTile));
    return TilingResult{{tiled}, SmallVector<Value>(tiled->getResults()), slices};
  }

  LogicalResult getResultTilePosition(Operation *op, OpBuilder &b,
                                      unsigned resultNumber,
                                      ArrayRef<OpFoldResult> offsets,
                                      ArrayRef<OpFoldResult> sizes,
                                      SmallVector<OpFoldResult> &resultOffsets,
                                      SmallVector<OpFoldResult> &resultSizes) const {
    auto conv = cast<Conv2dOp>(op);
    ConvGeometry g = conv.getGeometry();
    outputTile(g, b, op->getLoc(), conv.getInit(), offsets, sizes,
               resultOffsets, resultSizes);
    return success();
  }

  LogicalResult generateScalarImplementation(Operation *op, OpBuilder &b,
                                             Location loc, ValueRange ivs) const {
    return emitScalarPoint(b, loc, op, ivs);
  }
};

struct RoiPoolTiling
    : public TilingInterface::ExternalModel<RoiPoolTiling, RoiPoolOp> {
  static int64_t numLoops(Operation *op) {
    return cast<RoiPoolOp>(op).isPositionSensitive() ? 1 : 2;
  }

  SmallVector<utils::IteratorType> getLoopIteratorTypes(Operation *op) const {
    return SmallVector<utils::IteratorType>(numLoops(op),
                                            utils::IteratorType::parallel);
  }

  SmallVector<Range> getIterationDomain(Operation *op, OpBuilder &b) const {
    Value out = cast<RoiPoolOp>(op).getInits()[0];
    SmallVector<Range> domain;
    for (int64_t d = 0; d < numLoops(op); ++d)
      domain.push_back(
          {zero(b), dimSize(b, op->getLoc(), out, d), b.getIndexAttr(1)});
    return domain;
  }

  /// offsets/sizes of an output-shaped operand for the tile.
  static void outputTile(OpBuilder &b, Location loc, Value v,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes,
                         SmallVectorImpl<OpFoldResult> &o,
                         SmallVectorImpl<OpFoldResult> &s) {
    o.assign({offsets[0], offsets.size() > 1 ? offsets[1] : zero(b), zero(b),
              zero(b)});
    s.assign({sizes[0],
              sizes.size() > 1 ? sizes[1] : dimSize(b, loc, v, 1),
              dimSize(b, loc, v, 2), dimSize(b, loc, v, 3)});
  }

  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    auto roi = cast<RoiPoolOp>(op);
    Location loc = op->getLoc();
    SmallVector<Operation *> slices;
    auto record = [&](Value v) {
      slices.push_back(v.getDefiningOp());
      return v;
    };
    // Per-roi operands: sliced along rois (offset and mask keep the rest).
    auto perRoi = [&](Value v) {
      SmallVector<OpFoldResult> o(4, zero(b)), s;
      auto rank = cast<ShapedType>(v.getType()).getRank();
      o.resize(rank);
      for (int64_t d = 0; d < rank; ++d)
        s.push_back(dimSize(b, loc, v, d));
      o[0] = offsets[0];
      s[0] = sizes[0];
      return record(slice(b, loc, v, o, s));
    };
    Value input = roi.getInput();
    if (offsets.size() > 1) {
      // mmcv: output channel c reads input channel c.
      SmallVector<OpFoldResult> o = {zero(b), offsets[1], zero(b), zero(b)};
      SmallVector<OpFoldResult> s = {dimSize(b, loc, input, 0), sizes[1],
                                     dimSize(b, loc, input, 2),
                                     dimSize(b, loc, input, 3)};
      input = record(slice(b, loc, input, o, s));
    }
    SmallVector<Value> offset, mask, inits;
    if (roi.getOffset())
      offset.push_back(perRoi(roi.getOffset()));
    if (roi.getMask())
      mask.push_back(perRoi(roi.getMask()));
    for (Value init : roi.getInits()) {
      SmallVector<OpFoldResult> o, s;
      outputTile(b, loc, init, offsets, sizes, o, s);
      inits.push_back(record(slice(b, loc, init, o, s)));
    }
    SmallVector<SmallVector<Value>> groups = {
        {input}, {perRoi(roi.getRois())}, offset, mask, inits};
    Operation *tiled = cloneWithOperands(b, op, groups, resultTypesFor(op, inits));
    return TilingResult{{tiled}, SmallVector<Value>(tiled->getResults()), slices};
  }

  LogicalResult getResultTilePosition(Operation *op, OpBuilder &b,
                                      unsigned resultNumber,
                                      ArrayRef<OpFoldResult> offsets,
                                      ArrayRef<OpFoldResult> sizes,
                                      SmallVector<OpFoldResult> &resultOffsets,
                                      SmallVector<OpFoldResult> &resultSizes) const {
    Value init = cast<RoiPoolOp>(op).getInits()[resultNumber];
    outputTile(b, op->getLoc(), init, offsets, sizes, resultOffsets, resultSizes);
    return success();
  }

  LogicalResult generateScalarImplementation(Operation *op, OpBuilder &b,
                                             Location loc, ValueRange ivs) const {
    return emitScalarPoint(b, loc, op, ivs);
  }
};
} // namespace

void mlir::deform::registerTilingInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, DeformDialect *) {
    Conv2dOp::attachInterface<Conv2dTiling>(*ctx);
    RoiPoolOp::attachInterface<RoiPoolTiling>(*ctx);
  });
}
