//===- FusedConv.cpp - deform.conv2d tile as one fused implicit GEMM ------===//
//
// The workgroup computes its tile (`oc` output channels x `rows*columns`
// pixels of one image) with the decomposition of deform-decompose, fused:
// per chunk of input channels, all threads sample the chunk's columns
// (deform.sample_columns, into shared memory) and stage its weights (into
// shared memory, `staging = columns_weights`); after a barrier each thread
// multiplies its register tile (`thread_tile` output channels x pixels,
// accumulators carried across chunks in registers) from shared memory;
// after a second barrier the next chunk may overwrite the buffers. The
// epilogue adds the bias and stores each thread's outputs. No column
// matrix reaches global memory.
//
//===----------------------------------------------------------------------===//
#include "LowerGpu.h"

#include "deform/Codegen/Common/Sampling.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// The largest power of two up to 16 that divides every one of `bytes`.
int64_t alignmentOf(std::initializer_list<int64_t> bytes) {
  int64_t a = 16;
  for (int64_t v : bytes)
    while (a > 1 && v % a != 0)
      a /= 2;
  return a;
}

/// True when `v` is provably a multiple of `m`: constants, and sums and
/// products of them with other values (tile origins made of loop indices
/// times steps).
bool isMultipleOf(Value v, int64_t m) {
  if (m == 1)
    return true;
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return *c % m == 0;
  if (auto add = v.getDefiningOp<arith::AddIOp>())
    return isMultipleOf(add.getLhs(), m) && isMultipleOf(add.getRhs(), m);
  if (auto mul = v.getDefiningOp<arith::MulIOp>())
    return isMultipleOf(mul.getLhs(), m) || isMultipleOf(mul.getRhs(), m);
  return false;
}

class FusedConv {
public:
  FusedConv(Conv2dOp op, GpuConfigAttr config, gpu::LaunchOp launch,
            ImplicitLocOpBuilder &b)
      : op(op), config(config), launch(launch), b(b), o(b),
        g(op.getGeometry()),
        ct(getComputeType(op.getInput().getType().getElementType())) {}

  LogicalResult run() {
    if (failed(check()))
      return failure();
    ArrayRef<int64_t> tile = config.getTile(), thread = config.getThreadTile();
    oc = tile[1];
    toc = thread[1];
    tpx = thread[3];
    pixels = tile[2] * tile[3];
    reduction = config.getReduction();
    columns = reduction * g.taps;
    unroll = columns % 4 == 0 ? 4 : columns % 2 == 0 ? 2 : 1;
    bytes = ct.getWidth() / 8;
    staged = config.getStaging() == GpuStaging::ColumnsWeights;

    Value init = op.getInit();
    tileH = dim(init, g.rowDim());
    tileW = dim(init, g.columnDim());
    numPixels = o.mul(tileH, tileW);
    auto originOr0 = [&](Value v) { return v ? v : o.scalarIdx(0); };
    originOc = originOr0(op.getOriginOutChannel());
    originY = originOr0(op.getOriginRow());
    originX = originOr0(op.getOriginColumn());
    originC = originOr0(op.getOriginChannel());
    group = o.div(originOc, g.outChannelsPerGroup());
    if (g.groupsOnOutput)
      outputOffsetGroup = o.div(originOc, g.outChannels / g.offsetGroups);

    threads = WorkgroupThreads::of(o, launch);
    int64_t pixelGroups = pixels / tpx;
    firstPixel = o.mul(o.rem(threads.id, pixelGroups), tpx);
    firstRow = o.mul(o.div(threads.id, pixelGroups), toc);
    weights = makeFlatView(b, op.getWeight());

    Attribute shared = workgroupMemorySpace(b.getContext());
    cols = memref::AllocOp::create(
        b, MemRefType::get({columns, pixels}, ct, nullptr, shared));
    if (staged)
      stagedWeights = memref::AllocOp::create(
          b, MemRefType::get({oc, config.getWeightRow(g)}, ct, nullptr, shared));

    o.loop(dim(init, 0), [&](Value batch) {
      auto vecType = VectorType::get({tpx}, ct);
      SmallVector<Value> zeros(toc, o.constant(ct, b.getFloatAttr(ct, 0))),
          init;
      for (int64_t i = 0; i < toc; ++i)
        init.push_back(vector::BroadcastOp::create(b, vecType, zeros[i]));
      ValueRange acc = o.loopCarried(
          o.scalarIdx(0), dim(op.getWeight(), g.weightInDim()),
          o.scalarIdx(reduction), init,
          [&](Value c0, ValueRange acc) -> SmallVector<Value> {
            return chunk(batch, c0, acc);
          });
      epilogue(batch, acc);
    });
    return success();
  }

private:
  LogicalResult check() {
    if (!op.hasPureBufferSemantics())
      return op.emitOpError() << "is still on tensors; deform-gpu-lower needs "
                                 "buffers (run one-shot-bufferize first)";
    auto type = [](Value v) { return cast<ShapedType>(v.getType()); };
    ArrayRef<int64_t> tile = config.getTile();
    if (type(op.getInit()).isDynamicDim(g.channelDim()) ||
        type(op.getInit()).getDimSize(g.channelDim()) != tile[1])
      return op.emitOpError()
             << "operand 'init' has type " << op.getInit().getType()
             << "; the fused GPU kernel needs tiles of exactly " << tile[1]
             << " output channels (the configuration's tile)";
    int64_t weightIn = type(op.getWeight()).getDimSize(g.weightInDim());
    if (ShapedType::isDynamic(weightIn) ||
        weightIn % config.getReduction() != 0)
      return op.emitOpError()
             << "operand 'weight' has type " << op.getWeight().getType()
             << "; the fused GPU kernel needs a static multiple of "
             << config.getReduction() << " input channels (the reduction)";
    // Each thread owns one register tile: the launch must have exactly one
    // thread per tile.
    gpu::KernelDim3 size = launch.getBlockSizeOperandValues();
    std::optional<int64_t> x = getConstantIntValue(size.x),
                           y = getConstantIntValue(size.y),
                           z = getConstantIntValue(size.z);
    if (!x || !y || !z || *x * *y * *z != config.getWorkgroupThreads())
      return op.emitOpError()
             << "is in a gpu.launch whose workgroup size is not the "
                "configuration's "
             << config.getWorkgroupThreads()
             << " threads (one per thread tile of the fused kernel)";
    if (op.getOriginOutChannel() &&
        !isMultipleOf(op.getOriginOutChannel(), tile[1]))
      return op.emitOpError()
             << "is a tile whose first output channel is not provably a "
                "multiple of "
             << tile[1]
             << " (the configuration's tile): its channels could straddle a "
                "weight or offset group";
    return success();
  }

  Value dim(Value v, int64_t d) {
    return o.value(memref::getMixedSize(b, b.getLoc(), v, d));
  }

  /// Weight W[absOc, c0 + kk / taps, tap kk % taps] (c0 relative to the
  /// tile's reduction) in the compute type: one contiguous run per output
  /// channel for dense OIHW weights, else through the layout's strides.
  Value weightAt(Value absOc, Value c0, Value kk) {
    const auto &st = weights.strides;
    SmallVector<int64_t> s;
    int64_t offset;
    bool dense = !g.hwoi &&
                 succeeded(cast<MemRefType>(op.getWeight().getType())
                               .getStridesAndOffset(s, offset)) &&
                 !ShapedType::isDynamic(s[3]) &&
                 !ShapedType::isDynamic(s[2]) && !ShapedType::isDynamic(s[1]) &&
                 s[2] == g.kw * s[3] && s[1] == g.taps * s[3];
    Value index;
    if (dense) {
      index = o.add(o.add(o.mul(absOc, st[0]), o.mul(c0, st[1])),
                    o.mul(kk, st[3]));
    } else {
      Value ci = o.add(c0, o.div(kk, g.taps)), k = o.rem(kk, g.taps);
      Value i = o.div(k, g.kw), j = o.rem(k, g.kw);
      index = g.hwoi ? weights.linear(o, {i, j, absOc, ci})
                     : weights.linear(o, {absOc, ci, i, j});
    }
    return gather(o, weights, index, ct);
  }

  /// One chunk of input channels [c0, c0 + reduction) of the tile.
  SmallVector<Value> chunk(Value batch, Value c0, ValueRange acc) {
    Value absC = o.add(originC, c0);
    Value channel = o.add(o.mul(group, g.channelsPerGroup()), absC);
    Value offsetGroup = g.groupsOnOutput
                            ? outputOffsetGroup
                            : o.div(channel, g.channels / g.offsetGroups);
    if (staged) {
      threads.strided(o, o.scalarIdx(oc * columns), [&](Value e) {
        Value r = o.div(e, columns), kk = o.rem(e, columns);
        Value w = weightAt(o.add(originOc, r), c0, kk);
        memref::StoreOp::create(b, w, stagedWeights, ValueRange{r, kk});
      });
    }
    SampleColumnsOp::create(
        b, op.getInput(), op.getOffset(), op.getMask(), cols, batch, channel,
        offsetGroup, o.scalarIdx(0), originY, originX,
        b.getDenseI64ArrayAttr({g.kh, g.kw}), op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadsAttr(), op.getOffsetGroupsAttr(),
        op.getDataLayoutAttr(), op.getOffsetLayoutAttr(), op.getBoundaryAttr());
    gpu::BarrierOp::create(b);
    SmallVector<Value> next = multiply(c0, acc);
    gpu::BarrierOp::create(b);
    return next;
  }

  /// acc[i] += sum_kk W[row i, kk] * cols[kk, pixels], `unroll` columns of
  /// the chunk per step, from shared memory.
  SmallVector<Value> multiply(Value c0, ValueRange acc) {
    auto pixelVec = VectorType::get({tpx}, ct);
    auto weightVec = VectorType::get({unroll}, ct);
    int64_t colsAlign = alignmentOf({tpx * bytes, pixels * bytes});
    int64_t weightAlign = alignmentOf({unroll * bytes});
    ValueRange sums = o.loopCarried(
        o.scalarIdx(0), o.scalarIdx(columns), o.scalarIdx(unroll), acc,
        [&](Value kk, ValueRange acc) -> SmallVector<Value> {
          SmallVector<Value> pix;
          for (int64_t u = 0; u < unroll; ++u)
            pix.push_back(vector::LoadOp::create(
                b, pixelVec, cols, ValueRange{o.add(kk, u), firstPixel},
                /*nontemporal=*/false, llvm::MaybeAlign(colsAlign)));
          SmallVector<Value> next(acc.begin(), acc.end());
          for (int64_t i = 0; i < toc; ++i) {
            Value row = o.add(firstRow, i);
            SmallVector<Value> w;
            if (staged) {
              Value vec = vector::LoadOp::create(
                  b, weightVec, stagedWeights, ValueRange{row, kk},
                  /*nontemporal=*/false, llvm::MaybeAlign(weightAlign));
              for (int64_t u = 0; u < unroll; ++u)
                w.push_back(vector::ExtractOp::create(b, vec, u));
            } else {
              for (int64_t u = 0; u < unroll; ++u)
                w.push_back(weightAt(o.add(originOc, row), c0, o.add(kk, u)));
            }
            for (int64_t u = 0; u < unroll; ++u)
              next[i] = vector::FMAOp::create(
                  b, vector::BroadcastOp::create(b, pixelVec, w[u]), pix[u],
                  next[i]);
          }
          return next;
        });
    return SmallVector<Value>(sums.begin(), sums.end());
  }

  /// out[batch, row, pixel] = acc + (bias, or for a reduction tile past the
  /// first input channel, what the output holds), for the tile's real
  /// pixels.
  void epilogue(Value batch, ValueRange acc) {
    SmallVector<Value> start;
    for (int64_t i = 0; i < toc; ++i) {
      Value absOc = o.add(originOc, o.add(firstRow, i));
      start.push_back(op.getBias() ? o.load(op.getBias(), {absOc}, ct)
                                   : o.f(ct, 0));
    }
    std::optional<int64_t> c0 = getConstantIntValue(originC);
    Value first = o.icmp(arith::CmpIPredicate::eq, originC, o.scalarIdx(0));
    for (int64_t j = 0; j < tpx; ++j) {
      Value q = o.add(firstPixel, j);
      auto inside = scf::IfOp::create(
          b, o.icmp(arith::CmpIPredicate::ult, q, numPixels));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(inside.thenBlock()->getTerminator());
      Value y = o.div(q, tileW), x = o.rem(q, tileW);
      for (int64_t i = 0; i < toc; ++i) {
        Value row = o.add(firstRow, i);
        SmallVector<Value> at = g.nhwc ? SmallVector<Value>{batch, y, x, row}
                                       : SmallVector<Value>{batch, row, y, x};
        Value base = start[i];
        if (!c0 || *c0 != 0)
          base = o.select(first, base, o.load(op.getInit(), at, ct));
        Value v = vector::ExtractOp::create(b, acc[i], j);
        o.store(o.fadd(v, base), op.getInit(), at);
      }
    }
  }

  Conv2dOp op;
  GpuConfigAttr config;
  gpu::LaunchOp launch;
  ImplicitLocOpBuilder &b;
  Ops o;
  ConvGeometry g;
  FloatType ct;
  int64_t oc = 0, toc = 0, tpx = 0, pixels = 0, reduction = 0, columns = 0,
          unroll = 1, bytes = 4;
  bool staged = false;
  Value tileH, tileW, numPixels, originOc, originY, originX, originC, group,
      outputOffsetGroup, firstPixel, firstRow, cols, stagedWeights;
  WorkgroupThreads threads;
  FlatView weights;
};
} // namespace

LogicalResult mlir::deform::lowerConvOnGpu(ImplicitLocOpBuilder &b, Conv2dOp op,
                                           GpuConfigAttr config,
                                           gpu::LaunchOp launch) {
  return FusedConv(op, config, launch, b).run();
}
