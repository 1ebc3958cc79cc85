//===- RoiPoolLowering.cpp - deform.roi_pool to loops ---------------------===//
#include "Lowering.h"
#include "LoweringUtils.h"
#include "OpUtils.h"
#include "Passes.h"
#include "../Codegen/Sampling.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::deform;
using namespace mlir::deform::detail;

namespace {
//===----------------------------------------------------------------------===//
// deform.roi_pool
//===----------------------------------------------------------------------===//

/// Largest adaptive sampling grid per axis (reference/Reference.h).
constexpr int64_t kMaxAdaptiveSamples = 512;

class RoiPoolLowering {
public:
  // Everything in f64: the range checks are discontinuous at the border, so
  // coordinates must be formed as the reference forms them; pooling is
  // memory-bound, so the wider arithmetic costs nothing measurable.
  RoiPoolLowering(RoiPoolOp op, ImplicitLocOpBuilder &b)
      : op(op), b(b), e{b}, ct(b.getF64Type()) {
    auto in = cast<ShapedType>(op.getInput().getType()).getShape();
    auto out = cast<ShapedType>(op.getInits()[0].getType()).getShape();
    batch = in[0];
    height = in[2];
    width = in[3];
    outChannels = out[1]; // static for dcn_psroi (never tiled along it)
    pooledH = out[2];
    pooledW = out[3];
  }

  /// The whole op: every (roi, output channel), in parallel unless the op
  /// already runs inside a parallel tile loop.
  LogicalResult run(bool parallel) {
    Value out = op.getInits()[0];
    Value rois = e.value(dimSize(b, b.getLoc(), out, 0));
    Value channels = e.value(dimSize(b, b.getLoc(), out, 1));
    if (!op.isPositionSensitive()) {
      // mmcv: every channel of a roi samples the same points.
      auto body = [&](Value r) { lowerMMCVChannels(r, channels); };
      if (!parallel) {
        e.loop(e.idx(0), rois, 1, body);
        return success();
      }
      auto loop = scf::ParallelOp::create(b, ValueRange{e.idx(0)},
                                          ValueRange{rois}, ValueRange{e.idx(1)});
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      body(loop.getInductionVars()[0]);
      return success();
    }
    if (!parallel) {
      e.loop(e.idx(0), rois, 1, [&](Value r) {
        e.loop(e.idx(0), channels, 1, [&](Value c) { emitPoint(r, c); });
      });
      return success();
    }
    auto loop = scf::ParallelOp::create(b, ValueRange{e.idx(0), e.idx(0)},
                                        ValueRange{rois, channels},
                                        ValueRange{e.idx(1), e.idx(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    emitPoint(loop.getInductionVars()[0], loop.getInductionVars()[1]);
    return success();
  }

  /// Every pooled bin of roi r, output channel c.
  void emitPoint(Value r, Value c) {
    Value bIdx, validBatch;
    std::tie(bIdx, validBatch) = batchOf(r);
    if (op.isPositionSensitive())
      lowerPositionSensitive(r, c, bIdx, validBatch);
    else
      lowerMMCV(r, c, bIdx, validBatch);
  }

private:
  /// Roi r's batch index, and whether it is valid: in (-1, N), compared as
  /// floats (NaN fails) before the conversion; an invalid one reads batch 0.
  std::pair<Value, Value> batchOf(Value r) {
    Value index = roi(r, 0);
    Value valid = arith::AndIOp::create(
        b, fcmp(arith::CmpFPredicate::OGT, index, f(-1)),
        fcmp(arith::CmpFPredicate::OLT, index, f(batch)));
    Value safe = arith::IndexCastOp::create(
        b, b.getIndexType(),
        arith::FPToSIOp::create(b, b.getI64Type(), select(valid, index, f(0))));
    return {safe, valid};
  }

  /// mmcv's roi geometry (SEMANTICS 2.1): start, size, bin size, sampling
  /// grid and sample count, all from the unshifted roi.
  struct MMCVRoi {
    Value startW, startH, roiW, roiH, binW, binH, gridH, gridW, count;
    Value stepH, stepW; // bin / grid
  };
  MMCVRoi mmcvRoi(Value r) {
    MMCVRoi g;
    double scale = op.getSpatialScale().convertToDouble();
    g.startW = fsub(fmul(roi(r, 1), f(scale)), f(0.5));
    g.startH = fsub(fmul(roi(r, 2), f(scale)), f(0.5));
    g.roiW = fsub(fsub(fmul(roi(r, 3), f(scale)), f(0.5)), g.startW);
    g.roiH = fsub(fsub(fmul(roi(r, 4), f(scale)), f(0.5)), g.startH);
    g.binW = fdiv(g.roiW, f(pooledW));
    g.binH = fdiv(g.roiH, f(pooledH));
    g.gridH = gridCount(g.roiH, pooledH);
    g.gridW = gridCount(g.roiW, pooledW);
    g.count = e.toFloat(arith::MaxSIOp::create(
                            b, arith::MulIOp::create(b, g.gridH, g.gridW),
                            e.idx(1)),
                        ct);
    g.stepH = fdiv(g.binH, e.toFloat(g.gridH, ct));
    g.stepW = fdiv(g.binW, e.toFloat(g.gridW, ct));
    return g;
  }

  /// Top-left of bin (ph, pw), shifted by the roi's offset if there is one.
  std::pair<Value, Value> mmcvBinOrigin(const MMCVRoi &g, Value r, Value ph,
                                        Value pw) {
    Value sw = g.startW, sh = g.startH;
    if (Value off = op.getOffset()) {
      double gamma = op.getGammaOrDefault();
      sw = fadd(sw, fmul(fmul(f(gamma), g.roiW),
                         e.load(off, {r, e.idx(0), ph, pw}, ct)));
      sh = fadd(sh, fmul(fmul(f(gamma), g.roiH),
                         e.load(off, {r, e.idx(1), ph, pw}, ct)));
    }
    return {fadd(sh, fmul(e.toFloat(ph, ct), g.binH)),
            fadd(sw, fmul(e.toFloat(pw, ct), g.binW))};
  }

  Value roi(Value r, int64_t column) {
    return e.load(op.getRois(), {r, e.idx(column)}, ct);
  }
  Value f(double v) { return e.fconst(ct, v); }
  Value fadd(Value x, Value y) { return arith::AddFOp::create(b, x, y); }
  Value fsub(Value x, Value y) { return arith::SubFOp::create(b, x, y); }
  Value fmul(Value x, Value y) { return arith::MulFOp::create(b, x, y); }
  Value fdiv(Value x, Value y) { return arith::DivFOp::create(b, x, y); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, c, x, y);
  }
  Value fcmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, p, x, y);
  }
  Value inputAt(Value batchIdx, Value channel, Value row, Value col) {
    return e.load(op.getInput(), {batchIdx, channel, row, col}, ct);
  }

  /// Sampling grid along one axis: sampling_ratio, or ceil(size / pooled)
  /// clamped to [0, kMaxAdaptiveSamples] with NaN -> 0, as an index.
  Value gridCount(Value size, int64_t pooled) {
    int64_t ratio = op.getSamplingRatioOrDefault();
    if (ratio > 0)
      return e.idx(ratio);
    Value g = math::CeilOp::create(b, fdiv(size, f(pooled)));
    Value capped = select(fcmp(arith::CmpFPredicate::OLT, g, f(kMaxAdaptiveSamples)),
                          g, f(kMaxAdaptiveSamples));
    Value count = select(fcmp(arith::CmpFPredicate::OGE, g, f(1)), capped, f(0));
    return arith::IndexCastOp::create(
        b, b.getIndexType(), arith::FPToSIOp::create(b, b.getI64Type(), count));
  }

  /// Lanes of the channel vectors of lowerMMCVChannels.
  static constexpr int64_t kLanes = 16;

  /// mmcv, roi r, all `channels` channels: the sample points and their
  /// bilinear corners are computed once per bin and sample (they do not
  /// depend on the channel) and read for kLanes channels at a time with
  /// masked gathers; the bins are written with masked scatters.
  void lowerMMCVChannels(Value r, Value channels) {
    Value bIdx, validBatch;
    std::tie(bIdx, validBatch) = batchOf(r);
    MMCVRoi g = mmcvRoi(r);

    FlatView image = makeFlatView(e, op.getInput());
    FlatView output = makeFlatView(e, op.getInits()[0]);
    auto indexVec = VectorType::get({kLanes}, b.getIndexType());
    auto ctVec = VectorType::get({kLanes}, ct);
    auto maskVec = VectorType::get({kLanes}, b.getI1Type());
    Type inElt = cast<MemRefType>(image.flat.getType()).getElementType();
    Type outElt = cast<MemRefType>(output.flat.getType()).getElementType();
    auto splat = [&](Value v, Type t) {
      return vector::BroadcastOp::create(b, t, v).getResult();
    };
    SmallVector<APInt> laneIds;
    for (int64_t l = 0; l < kLanes; ++l)
      laneIds.push_back(APInt(64, l));
    Value lanes = arith::ConstantOp::create(
        b, DenseIntElementsAttr::get(indexVec, laneIds));
    Value zeroVec = arith::ConstantOp::create(
        b, DenseElementsAttr::get(ctVec, b.getFloatAttr(ct, 0.0)));
    Value inZero = arith::ConstantOp::create(
        b, DenseElementsAttr::get(VectorType::get({kLanes}, inElt),
                                  b.getFloatAttr(inElt, 0.0)));

    e.loop(e.idx(0), channels, kLanes, [&](Value c0) {
      Value channel = arith::AddIOp::create(b, splat(c0, indexVec), lanes);
      Value laneMask = arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                             channel, splat(channels, indexVec));
      // Image offset of each lane's channel plane.
      Value planes = arith::AddIOp::create(
          b, arith::MulIOp::create(b, channel, splat(image.strides[1], indexVec)),
          splat(e.mul(bIdx, image.strides[0]), indexVec));
      e.loop(pooledH, [&](Value ph) {
        e.loop(pooledW, [&](Value pw) {
          Value y0, x0;
          std::tie(y0, x0) = mmcvBinOrigin(g, r, ph, pw);
          auto outer = scf::ForOp::create(b, e.idx(0), g.gridH, e.idx(1),
                                          ValueRange{zeroVec});
          {
            OpBuilder::InsertionGuard g1(b);
            b.setInsertionPointToStart(outer.getBody());
            Value y = fadd(y0, fmul(fadd(e.toFloat(outer.getInductionVar(), ct),
                                         f(0.5)),
                                    g.stepH));
            auto inner = scf::ForOp::create(b, e.idx(0), g.gridW, e.idx(1),
                                            outer.getRegionIterArgs());
            {
              OpBuilder::InsertionGuard g2(b);
              b.setInsertionPointToStart(inner.getBody());
              Value x = fadd(x0, fmul(fadd(e.toFloat(inner.getInductionVar(), ct),
                                           f(0.5)),
                                      g.stepW));
              SampleTaps t = buildRoiAlignTaps(b, y, x, height, width);
              Value sum = inner.getRegionIterArgs()[0];
              for (int i = 0; i < 4; ++i) {
                Value spatial = e.add(e.mul(t.row[i], image.strides[2]),
                                      e.mul(t.col[i], image.strides[3]));
                Value index = arith::AddIOp::create(b, planes,
                                                    splat(spatial, indexVec));
                Value mask = arith::AndIOp::create(
                    b, laneMask, splat(t.inImage[i], maskVec));
                Value v = vector::GatherOp::create(
                    b, VectorType::get({kLanes}, inElt), image.flat,
                    ValueRange{e.idx(0)}, index, mask, inZero);
                if (inElt != ct)
                  v = arith::ExtFOp::create(b, ctVec, v);
                sum = vector::FMAOp::create(b, v, splat(t.weight[i], ctVec), sum);
              }
              scf::YieldOp::create(b, ValueRange{sum});
            }
            scf::YieldOp::create(b, inner.getResults());
          }
          Value v = fdiv(outer.getResult(0), splat(g.count, ctVec));
          if (Value m = op.getMask())
            v = fmul(v, splat(e.load(m, {r, e.idx(0), ph, pw}, ct), ctVec));
          v = select(validBatch, v, zeroVec);
          if (outElt != ct)
            v = arith::TruncFOp::create(b, VectorType::get({kLanes}, outElt), v);
          const auto &st = output.strides;
          Value base = e.add(e.add(e.mul(r, st[0]), e.mul(ph, st[2])),
                             e.mul(pw, st[3]));
          Value index = arith::AddIOp::create(
              b, arith::MulIOp::create(b, channel, splat(st[1], indexVec)),
              splat(base, indexVec));
          vector::ScatterOp::create(b, Type(), output.flat, ValueRange{e.idx(0)}, index,
                                    laneMask, v);
        });
      });
    });
  }

  void lowerMMCV(Value r, Value c, Value bIdx, Value validBatch) {
    MMCVRoi g = mmcvRoi(r);
    e.loop(pooledH, [&](Value ph) {
      e.loop(pooledW, [&](Value pw) {
        Value y0, x0;
          std::tie(y0, x0) = mmcvBinOrigin(g, r, ph, pw);
        Value stepH = g.stepH, stepW = g.stepW, gridH = g.gridH, gridW = g.gridW;
        auto outer = scf::ForOp::create(b, e.idx(0), gridH, e.idx(1), ValueRange{f(0)});
        {
          OpBuilder::InsertionGuard g1(b);
          b.setInsertionPointToStart(outer.getBody());
          Value iy = outer.getInductionVar();
          Value y = fadd(y0, fmul(fadd(e.toFloat(iy, ct), f(0.5)), stepH));
          auto inner = scf::ForOp::create(b, e.idx(0), gridW, e.idx(1),
                                          ValueRange{outer.getRegionIterArgs()[0]});
          {
            OpBuilder::InsertionGuard g2(b);
            b.setInsertionPointToStart(inner.getBody());
            Value ix = inner.getInductionVar();
            Value x = fadd(x0, fmul(fadd(e.toFloat(ix, ct), f(0.5)), stepW));
            SampleTaps t = buildRoiAlignTaps(b, y, x, height, width);
            Value v = applySampleTaps(b, t, [&](Value row, Value col) {
              return inputAt(bIdx, c, row, col);
            });
            scf::YieldOp::create(b, ValueRange{fadd(inner.getRegionIterArgs()[0], v)});
          }
          scf::YieldOp::create(b, inner.getResults());
        }
        Value v = fdiv(outer.getResult(0), g.count);
        if (Value m = op.getMask())
          v = fmul(v, e.load(m, {r, e.idx(0), ph, pw}, ct));
        v = select(validBatch, v, f(0));
        e.store(v, op.getInits()[0], {r, c, ph, pw});
      });
    });
  }

  void lowerPositionSensitive(Value r, Value ctop, Value bIdx, Value validBatch) {
    double scale = op.getSpatialScale().convertToDouble();
    int64_t groupSize = *op.getGroupSize(), partSize = *op.getPartSize();
    int64_t perPart = *op.getSamplePerPart();
    double transStd = op.getTransStdOrDefault();
    auto rnd = [&](Value v) { return math::RoundOp::create(b, v); };
    Value sw = fsub(fmul(rnd(roi(r, 1)), f(scale)), f(0.5));
    Value sh = fsub(fmul(rnd(roi(r, 2)), f(scale)), f(0.5));
    Value ew = fsub(fmul(fadd(rnd(roi(r, 3)), f(1)), f(scale)), f(0.5));
    Value eh = fsub(fmul(fadd(rnd(roi(r, 4)), f(1)), f(scale)), f(0.5));
    // max(d, 0.1) that keeps NaN (the reference's rule).
    auto atLeastTenth = [&](Value d) {
      return select(fcmp(arith::CmpFPredicate::OLT, d, f(0.1)), f(0.1), d);
    };
    Value roiW = atLeastTenth(fsub(ew, sw)), roiH = atLeastTenth(fsub(eh, sh));
    Value binW = fdiv(roiW, f(pooledW)), binH = fdiv(roiH, f(pooledH));
    Value subW = fdiv(binW, f(perPart)), subH = fdiv(binH, f(perPart));
    Value trans = op.getOffset();
    int64_t classes =
        trans ? cast<ShapedType>(trans.getType()).getDimSize(1) / 2 : 1;
    Value classId = e.div(ctop, outChannels / classes);
    Type f64 = b.getF64Type();
    // part = min(floor(p / pooled * part_size), part_size - 1), in double as
    // the reference computes it.
    auto part = [&](Value p, int64_t pooled) {
      Value v = arith::MulFOp::create(
          b, arith::DivFOp::create(b, e.toFloat(p, f64), e.fconst(f64, pooled)),
          e.fconst(f64, partSize));
      Value i = arith::IndexCastOp::create(
          b, b.getIndexType(),
          arith::FPToSIOp::create(b, b.getI64Type(), math::FloorOp::create(b, v)));
      return e.min(i, e.idx(partSize - 1));
    };
    e.loop(pooledH, [&](Value ph) {
      e.loop(pooledW, [&](Value pw) {
        Value tx = f(0), ty = f(0);
        if (trans) {
          Value partH = part(ph, pooledH), partW = part(pw, pooledW);
          Value ch = e.mul(classId, 2);
          tx = fmul(e.load(trans, {r, ch, partH, partW}, ct), f(transStd));
          ty = fmul(e.load(trans, {r, e.add(ch, 1), partH, partW}, ct), f(transStd));
        }
        Value wstart = fadd(fadd(fmul(e.toFloat(pw, ct), binW), sw), fmul(tx, roiW));
        Value hstart = fadd(fadd(fmul(e.toFloat(ph, ct), binH), sh), fmul(ty, roiH));
        // Integer floor(p * group_size / pooled), in [0, group_size - 1].
        Value gw = e.min(e.div(e.mul(pw, groupSize), pooledW), e.idx(groupSize - 1));
        Value gh = e.min(e.div(e.mul(ph, groupSize), pooledH), e.idx(groupSize - 1));
        Value channel = e.add(e.mul(e.add(e.mul(ctop, groupSize), gh), groupSize), gw);
        auto outer = scf::ForOp::create(b, e.idx(0), e.idx(perPart), e.idx(1),
                                        ValueRange{f(0), f(0)});
        {
          OpBuilder::InsertionGuard g1(b);
          b.setInsertionPointToStart(outer.getBody());
          Value h = fadd(hstart, fmul(e.toFloat(outer.getInductionVar(), ct), subH));
          auto inner = scf::ForOp::create(b, e.idx(0), e.idx(perPart), e.idx(1),
                                          outer.getRegionIterArgs());
          {
            OpBuilder::InsertionGuard g2(b);
            b.setInsertionPointToStart(inner.getBody());
            Value w = fadd(wstart, fmul(e.toFloat(inner.getInductionVar(), ct), subW));
            using P = arith::CmpFPredicate;
            Value inside = arith::AndIOp::create(
                b,
                arith::AndIOp::create(b, fcmp(P::OGE, w, f(-0.5)),
                                      fcmp(P::OLE, w, f(width - 0.5))),
                arith::AndIOp::create(b, fcmp(P::OGE, h, f(-0.5)),
                                      fcmp(P::OLE, h, f(height - 0.5))));
            SampleTaps t = buildRoiAlignTaps(b, h, w, height, width);
            Value v = applySampleTaps(b, t, [&](Value row, Value col) {
              return inputAt(bIdx, channel, row, col);
            });
            Value sum = fadd(inner.getRegionIterArgs()[0], select(inside, v, f(0)));
            Value n = fadd(inner.getRegionIterArgs()[1], select(inside, f(1), f(0)));
            scf::YieldOp::create(b, ValueRange{sum, n});
          }
          scf::YieldOp::create(b, inner.getResults());
        }
        Value sum = outer.getResult(0), n = outer.getResult(1);
        Value empty = arith::OrIOp::create(
            b, fcmp(arith::CmpFPredicate::OEQ, n, f(0)),
            arith::XOrIOp::create(b, validBatch,
                                  arith::ConstantIntOp::create(b, 1, 1)));
        Value v = select(empty, f(0), fdiv(sum, select(empty, f(1), n)));
        e.store(v, op.getInits()[0], {r, ctop, ph, pw});
        if (op.getInits().size() == 2)
          e.store(select(validBatch, n, f(0)), op.getInits()[1], {r, ctop, ph, pw});
      });
    });
  }

  RoiPoolOp op;
  ImplicitLocOpBuilder &b;
  Emitter e;
  FloatType ct;
  int64_t batch, height, width, outChannels, pooledH, pooledW;
};
} // namespace

LogicalResult mlir::deform::lowerRoiPool(ImplicitLocOpBuilder &b, RoiPoolOp op,
                                         bool parallel) {
  return RoiPoolLowering(op, b).run(parallel);
}

void mlir::deform::emitRoiPoolPoint(ImplicitLocOpBuilder &b, RoiPoolOp op,
                                    Value r, Value c) {
  RoiPoolLowering(op, b).emitPoint(r, c);
}
