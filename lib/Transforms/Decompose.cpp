//===- Decompose.cpp - deform-decompose: conv2d = sampling + matmul -------===//
//
// A bufferized deform.conv2d becomes, per block of output channels that read
// the same columns and per chunk of input channels that share one offset
// group: deform.sample_columns into a small column buffer, then a
// linalg.matmul of the weights by it into an accumulator tile; then an
// epilogue. Everything target-specific (vector width, register tile, where
// the scratch lives) is read from the op's configuration or left to the
// target's lowering of the two pieces.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/Common/Builders.h"
#include "deform/Codegen/Common/OpUtils.h"
#include "deform/Codegen/Common/Sampling.h"
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMDECOMPOSE
#include "deform/Transforms/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

bool insideParallelLoop(Operation *op) {
  return op->getParentOfType<scf::ForallOp>() ||
         op->getParentOfType<scf::ParallelOp>();
}

/// True when `v` is known to be a multiple of `m`: a constant, an induction
/// variable of a loop whose start and step are, or sums and products of
/// those (tile origins, composed across tiling levels).
bool isMultipleOf(Value v, int64_t m) {
  if (m == 1)
    return true;
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return *c % m == 0;
  auto multiple = [&](OpFoldResult r) {
    std::optional<int64_t> c = getConstantIntValue(r);
    return c && *c % m == 0;
  };
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (auto forall = dyn_cast<scf::ForallOp>(owner)) {
      unsigned i = arg.getArgNumber();
      return i < forall.getRank() && multiple(forall.getMixedLowerBound()[i]) &&
             multiple(forall.getMixedStep()[i]);
    }
    if (auto loop = dyn_cast<scf::ForOp>(owner))
      return arg == loop.getInductionVar() &&
             multiple(getAsOpFoldResult(loop.getLowerBound())) &&
             multiple(getAsOpFoldResult(loop.getStep()));
    if (auto loop = dyn_cast<scf::ParallelOp>(owner)) {
      unsigned i = arg.getArgNumber();
      return multiple(getAsOpFoldResult(loop.getLowerBound()[i])) &&
             multiple(getAsOpFoldResult(loop.getStep()[i]));
    }
    return false;
  }
  if (auto add = v.getDefiningOp<arith::AddIOp>())
    return isMultipleOf(add.getLhs(), m) && isMultipleOf(add.getRhs(), m);
  if (auto mul = v.getDefiningOp<arith::MulIOp>())
    return isMultipleOf(mul.getLhs(), m) || isMultipleOf(mul.getRhs(), m);
  return false;
}

/// Names the first of `dims` of `v` that is dynamic.
LogicalResult requireStatic(Operation *op, StringRef operand, Value v,
                            ArrayRef<int64_t> dims, StringRef what) {
  auto type = cast<ShapedType>(v.getType());
  for (int64_t d : dims)
    if (type.isDynamicDim(d))
      return op->emitOpError() << "operand '" << operand << "' dimension " << d
                               << " (" << what << ") is dynamic (" << type
                               << "); deform-decompose needs it static";
  return success();
}

/// What the decomposition reads of a convolution in buffer form: a
/// deform.conv2d (a tile or a whole op), or a regular convolution (linalg),
/// which samples on the pixel grid (deform.im2col) and adds to what its
/// output holds.
struct ConvPieces {
  Operation *op;
  ConvGeometry g;
  Value input, offset, mask, weight, bias, init;
  Value originOc, originY, originX, originC; // null: 0
  KernelConfigAttrInterface config;
  bool regular = false;

  static ConvPieces of(Conv2dOp conv) {
    return {conv,
            conv.getGeometry(),
            conv.getInput(),
            conv.getOffset(),
            conv.getMask(),
            conv.getWeight(),
            conv.getBias(),
            conv.getInit(),
            conv.getOriginOutChannel(),
            conv.getOriginRow(),
            conv.getOriginColumn(),
            conv.getOriginChannel(),
            conv.getConfigAttr(),
            false};
  }
  static ConvPieces of(linalg::LinalgOp conv, const ConvGeometry &g) {
    ConvPieces p;
    p.op = conv;
    p.g = g;
    p.input = conv.getDpsInputs()[0];
    p.weight = conv.getDpsInputs()[1];
    p.init = conv.getDpsInits()[0];
    p.config = conv->getAttrOfType<KernelConfigAttrInterface>(kPieceConfigAttr);
    p.regular = true;
    return p;
  }
};

class Decomposer {
public:
  Decomposer(const ConvPieces &p, ImplicitLocOpBuilder &b)
      : p(p), op(p.op), b(b), o(b), g(p.g),
        ct(getComputeType(
            cast<ShapedType>(p.input.getType()).getElementType())) {}

  LogicalResult run() {
    if (failed(checkSupported()))
      return failure();
    config = p.config;
    ArrayRef<int64_t> tile = config.getTileSizes();
    Value init = p.init;
    auto initType = cast<MemRefType>(init.getType());
    batchSize = dim(init, 0);
    tileOc = dim(init, g.channelDim());
    tileH = dim(init, g.rowDim());
    tileW = dim(init, g.columnDim());
    tileC = dim(p.weight, g.weightInDim());
    numPixels = o.mul(tileH, tileW);
    auto originOr0 = [&](Value v) { return v ? v : o.scalarIdx(0); };
    originOc = originOr0(p.originOc);
    originY = originOr0(p.originY);
    originX = originOr0(p.originX);
    originC = originOr0(p.originC);

    // The column tile: the configured pixels (no more than the op has, when
    // that is known), padded to the lowering's granularity.
    int64_t pixels = tile[2] * tile[3];
    int64_t h = initType.getDimSize(g.rowDim()),
            w = initType.getDimSize(g.columnDim());
    if (!ShapedType::isDynamic(h) && !ShapedType::isDynamic(w))
      pixels = std::min(pixels, h * w);
    columnPixels = roundUp(pixels, config.getPixelAlignment());
    // Output channels sampled and accumulated together: the tile's, or the
    // block of one weight group and offset group when the tile spans several.
    ocBlock = tile[1] % g.outputBlock() == 0 ? g.outputBlock() : tile[1];
    int64_t oc = initType.getDimSize(g.channelDim());
    if (!ShapedType::isDynamic(oc))
      ocBlock = std::min(ocBlock, oc);
    chunk = config.getReductionChunk();

    Value weights = weightMatrix();
    bool parallel = !insideParallelLoop(op);
    Value numChunks = o.div(o.add(numPixels, columnPixels - 1),
                            o.scalarIdx(columnPixels));
    if (parallel) {
      auto loop = scf::ParallelOp::create(
          b, ValueRange{o.scalarIdx(0), o.scalarIdx(0)},
          ValueRange{batchSize, numChunks},
          ValueRange{o.scalarIdx(1), o.scalarIdx(1)});
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      withScratch([&](Value cols, Value acc) {
        pixelChunk(weights, cols, acc, loop.getInductionVars()[0],
                   o.mul(loop.getInductionVars()[1], columnPixels));
      });
    } else {
      withScratch([&](Value cols, Value acc) {
        o.loop(batchSize, [&](Value batch) {
          o.loop(o.scalarIdx(0), numPixels, columnPixels, [&](Value p0) {
            pixelChunk(weights, cols, acc, batch, p0);
          });
        });
      });
    }
    if (packedWeights) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointAfter(packedAfter);
      memref::DeallocOp::create(b, packedWeights);
    }
    return success();
  }

private:
  LogicalResult checkSupported() {
    if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
      return op->emitOpError() << "is still on tensors; deform-decompose needs "
                                  "buffers (run one-shot-bufferize first)";
    if (failed(requireStatic(op, "input", p.input, {g.channelDim()},
                             "input channels")) ||
        failed(requireStatic(op, "weight", p.weight,
                             g.kernelFirst() ? ArrayRef<int64_t>{0, 1, 2, 3}
                                             : ArrayRef<int64_t>{0, 2, 3},
                             "output channels and kernel")))
      return failure();
    if (!p.config)
      return op->emitOpError() << "has no 'config' attribute: run a configure "
                                  "pass first (deform-configure-cpu), or "
                                  "write one";
    return success();
  }

  Value dim(Value v, int64_t d) {
    return o.value(memref::getMixedSize(b, b.getLoc(), v, d));
  }

  /// Scratch for one pixel chunk at a time: the sampled columns and the
  /// accumulator tile, freed after `body`.
  void withScratch(function_ref<void(Value, Value)> body) {
    Value cols = memref::AllocOp::create(
        b, MemRefType::get({chunk * g.taps, columnPixels}, ct));
    Value acc = memref::AllocOp::create(
        b, MemRefType::get({ocBlock, columnPixels}, ct));
    body(cols, acc);
    memref::DeallocOp::create(b, cols);
    memref::DeallocOp::create(b, acc);
  }

  /// Calls body(first, count) over [0, end) in pieces of at most `maxStep`
  /// that never cross a multiple of `align` in absolute terms (base + first).
  /// Static pieces when the split is known to be regular.
  void segments(Value end, int64_t maxStep, int64_t align, Value base,
                function_ref<void(Value, Value)> body) {
    std::optional<int64_t> staticEnd = getConstantIntValue(end);
    if (staticEnd && isMultipleOf(base, maxStep) && align % maxStep == 0 &&
        *staticEnd % maxStep == 0) {
      o.loop(o.scalarIdx(0), end, maxStep, [&](Value first) {
        body(first, o.scalarIdx(maxStep));
      });
      return;
    }
    Value zero = o.scalarIdx(0);
    auto loop = scf::WhileOp::create(b, TypeRange{b.getIndexType()},
                                     ValueRange{zero});
    {
      OpBuilder::InsertionGuard guard(b);
      Block *before = b.createBlock(&loop.getBefore(), {}, {b.getIndexType()},
                                    {b.getLoc()});
      Value cur = before->getArgument(0);
      scf::ConditionOp::create(b, o.icmp(arith::CmpIPredicate::ult, cur, end),
                               ValueRange{cur});
      Block *after = b.createBlock(&loop.getAfter(), {}, {b.getIndexType()},
                                   {b.getLoc()});
      Value first = after->getArgument(0);
      Value toBoundary = o.sub(o.scalarIdx(align),
                               o.rem(o.add(base, first), o.scalarIdx(align)));
      Value count = o.min(o.min(o.scalarIdx(maxStep), o.sub(end, first)),
                          toBoundary);
      body(first, count);
      scf::YieldOp::create(b, ValueRange{o.add(first, count)});
    }
  }

  /// The weights as an [OC, C_tile * K] matrix whose column ci*K + k holds
  /// tap k of input channel ci: a view of OIHW weights whose inner three
  /// dimensions are contiguous, else a packed copy, made once before the
  /// loops that do not define the weight.
  Value weightMatrix() {
    Value w = p.weight;
    auto type = cast<MemRefType>(w.getType());
    SmallVector<ReassociationIndices> collapse = {{0}, {1, 2, 3}};
    if (!g.kernelFirst() &&
        memref::CollapseShapeOp::isGuaranteedCollapsible(type, collapse))
      return memref::CollapseShapeOp::create(b, w, collapse);

    // Before the outermost loop around the op that does not define `w`.
    Operation *anchor = op;
    for (Operation *parent = op->getParentOp(); parent;
         parent = parent->getParentOp()) {
      if (!isa<scf::ForallOp, scf::ParallelOp, scf::ForOp>(parent) ||
          parent->isAncestor(w.getParentBlock()->getParentOp()) ||
          (w.getDefiningOp() && parent->isProperAncestor(w.getDefiningOp())))
        break;
      anchor = parent;
    }
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(anchor);
    Value channels = dim(w, g.weightInDim());
    SmallVector<Value> dynamic;
    int64_t staticColumns = type.getDimSize(g.weightInDim());
    if (ShapedType::isDynamic(staticColumns))
      dynamic.push_back(o.mul(channels, g.taps));
    else
      staticColumns *= g.taps;
    Value packed = memref::AllocOp::create(
        b, MemRefType::get({g.outChannels, staticColumns}, type.getElementType()),
        dynamic);
    o.loop(g.outChannels, [&](Value oc) {
      o.loop(channels, [&](Value ci) {
        o.loop(g.kh, [&](Value i) {
          o.loop(g.kw, [&](Value j) {
            Value v = memref::LoadOp::create(
                b, w, g.hwoi   ? ValueRange{i, j, oc, ci}
                      : g.hwio ? ValueRange{i, j, ci, oc}
                               : ValueRange{oc, ci, i, j});
            Value column = o.add(o.mul(ci, g.taps), o.add(o.mul(i, g.kw), j));
            memref::StoreOp::create(b, v, packed, ValueRange{oc, column});
          });
        });
      });
    });
    packedWeights = packed;
    packedAfter = anchor;
    return packed;
  }

  /// A unit-stride subview, or `v` itself when it is the whole of `v`.
  Value subview(Value v, ArrayRef<OpFoldResult> offsets,
                ArrayRef<OpFoldResult> sizes) {
    auto type = cast<MemRefType>(v.getType());
    bool whole = true;
    for (auto [i, offset, size] : llvm::enumerate(offsets, sizes))
      whole &= isConstantIntValue(offset, 0) &&
               isConstantIntValue(size, type.getDimSize(i));
    if (whole)
      return v;
    SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
    return memref::SubViewOp::create(b, v, offsets, sizes, strides);
  }
  OpFoldResult fold(Value v) { return getAsOpFoldResult(v); }

  /// Output pixels [p0, p0 + columnPixels) of image `batch`, every output
  /// channel of the op.
  void pixelChunk(Value weights, Value cols, Value acc, Value batch, Value p0) {
    OpFoldResult zero = b.getIndexAttr(0);
    segments(tileOc, ocBlock, g.outputBlock(), originOc,
             [&](Value ocFirst, Value ocCount) {
      Value absOc = o.add(originOc, ocFirst);
      Value group = o.div(absOc, g.outChannelsPerGroup());
      Value accTile = subview(acc, {zero, zero},
                              {fold(ocCount), b.getIndexAttr(columnPixels)});
      linalg::FillOp::create(b, ValueRange{o.f(ct, 0)}, ValueRange{accTile});
      segments(tileC, chunk, g.channelSegment(), originC,
               [&](Value cFirst, Value cCount) {
        Value channel = o.add(o.add(o.mul(group, g.channelsPerGroup()), originC),
                              cFirst);
        Value offsetGroup =
            g.groupsOnOutput ? o.div(absOc, g.outChannels / g.offsetGroups)
                             : o.div(channel, g.channels / g.offsetGroups);
        Value rows = o.mul(cCount, g.taps);
        Value colsTile = subview(cols, {zero, zero},
                                 {fold(rows), b.getIndexAttr(columnPixels)});
        Operation *sample = sampleColumns(colsTile, batch, channel,
                                          offsetGroup, p0);
        sample->setAttr(kPieceConfigAttr, config);
        Value weightTile = subview(weights, {fold(absOc), fold(o.mul(cFirst, g.taps))},
                                   {fold(ocCount), fold(rows)});
        auto matmul = linalg::MatmulOp::create(
            b, ValueRange{weightTile, colsTile}, ValueRange{accTile});
        matmul->setAttr(kPieceConfigAttr, config);
      });
      storeTile(accTile, batch, p0, ocFirst, absOc, ocCount);
    });
  }

  /// The columns of one channel chunk: deform.sample_columns, or for a
  /// regular convolution deform.im2col.
  Operation *sampleColumns(Value cols, Value batch, Value channel,
                           Value offsetGroup, Value p0) {
    auto kernel = b.getDenseI64ArrayAttr({g.kh, g.kw});
    auto strides = b.getDenseI64ArrayAttr({g.strideH, g.strideW});
    auto dilations = b.getDenseI64ArrayAttr({g.dilH, g.dilW});
    auto pads = b.getDenseI64ArrayAttr(
        {g.padTop, g.padLeft, g.padBottom, g.padRight});
    auto layout = DataLayoutAttr::get(
        b.getContext(), g.nhwc ? deform::DataLayout::NHWC : deform::DataLayout::NCHW);
    if (p.regular)
      return Im2colOp::create(b, p.input, cols, batch, channel, p0, tileH,
                              tileW, kernel, strides, dilations, pads, layout);
    auto conv = cast<Conv2dOp>(op);
    return SampleColumnsOp::create(
        b, p.input, p.offset, p.mask, cols, batch, channel, offsetGroup, p0,
        originY, originX, kernel, strides, dilations, pads,
        conv.getOffsetGroupsAttr(), layout, conv.getOffsetLayoutAttr(),
        conv.getBoundaryAttr());
  }

  /// init[batch, oc, pixel] = acc[oc, q] + (bias or, for a reduction tile
  /// past the first input channel, what init holds), for the real pixels.
  void storeTile(Value acc, Value batch, Value p0, Value ocFirst, Value absOc,
                 Value ocCount) {
    Value count = o.min(o.scalarIdx(columnPixels), o.sub(numPixels, p0));
    Value first = o.icmp(arith::CmpIPredicate::eq, originC, o.scalarIdx(0));
    o.loop(ocCount, [&](Value oc) {
      Value tileChannel = o.add(ocFirst, oc);
      Value bias = p.bias ? o.load(p.bias, {o.add(absOc, oc)}, ct)
                          : o.f(ct, 0);
      o.loop(o.scalarIdx(0), count, 1, [&](Value q) {
        Value pixel = o.add(p0, q);
        Value y = o.div(pixel, tileW), x = o.rem(pixel, tileW);
        SmallVector<Value> at =
            g.nhwc ? SmallVector<Value>{batch, y, x, tileChannel}
                   : SmallVector<Value>{batch, tileChannel, y, x};
        Value start = bias;
        if (p.regular) // a linalg convolution adds to its output
          start = o.load(p.init, at, ct);
        else if (!getConstantIntValue(originC) ||
                 *getConstantIntValue(originC) != 0)
          start = o.select(first, bias, o.load(p.init, at, ct));
        Value v = memref::LoadOp::create(b, acc, ValueRange{oc, q});
        o.store(o.fadd(v, start), p.init, at);
      });
    });
  }

  const ConvPieces &p;
  Operation *op;
  ImplicitLocOpBuilder &b;
  Ops o;
  ConvGeometry g;
  FloatType ct;
  KernelConfigAttrInterface config;
  int64_t columnPixels = 0, ocBlock = 0, chunk = 0;
  Value batchSize, tileOc, tileH, tileW, tileC, numPixels;
  Value originOc, originY, originX, originC;
  Value packedWeights;
  Operation *packedAfter = nullptr;
};

struct DecomposePass : public mlir::deform::impl::DeformDecomposeBase<DecomposePass> {
  void runOnOperation() override {
    std::vector<ConvPieces> convs;
    getOperation()->walk([&](Operation *op) {
      if (auto conv = dyn_cast<Conv2dOp>(op))
        convs.push_back(ConvPieces::of(conv));
      else if (std::optional<ConvGeometry> g = regularConvGeometry(op);
               g && op->hasAttr(kPieceConfigAttr))
        convs.push_back(ConvPieces::of(cast<linalg::LinalgOp>(op), *g));
    });
    for (const ConvPieces &conv : convs) {
      IRRewriter rewriter(conv.op);
      rewriter.setInsertionPoint(conv.op);
      ImplicitLocOpBuilder b(conv.op->getLoc(), rewriter);
      if (failed(Decomposer(conv, b).run()))
        return signalPassFailure();
      rewriter.eraseOp(conv.op);
    }
  }
};
} // namespace
