//===- LowerIm2col.cpp - deform.im2col on CPU vectors ---------------------===//
//
// The regular convolution's columns: per tap, the input offsets of the
// tile's pixels (and, with pads, whether each lies in the image) once, a
// vector of pixels at a time; then per channel one gather per vector, since
// the offsets of every channel differ only by its plane. With unit column
// strides (NCHW, stride 1), a vector that is one run of a tile row and
// whose tap lies inside the image reads contiguous input: one vector load.
//
//===----------------------------------------------------------------------===//
#include "LowerCpu.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
class Im2colLowering {
public:
  Im2colLowering(Im2colOp op, ImplicitLocOpBuilder &b, int64_t width)
      : op(op), b(b), o(b), v(b, width), width(width),
        ct(cast<FloatType>(op.getCols().getType().getElementType())) {}

  LogicalResult run() {
    auto colsType = op.getCols().getType();
    pixels = colsType.getDimSize(1);
    if (ShapedType::isDynamic(pixels) || pixels % width != 0)
      return op.emitOpError() << "operand 'cols' has " << colsType
                              << ": its pixels must be a static multiple of "
                                 "the configured vector width "
                              << width;
    if (failed(checkImageGatherRange(op, op.getInput())))
      return failure();
    laneInt = fitsI32PerBatch(op.getInput()) ? Type(b.getI32Type())
                                             : b.getIndexType();
    padded = llvm::any_of(op.getPads(), [](int64_t p) { return p != 0; });
    input = makeFlatView(b, op.getInput());
    bool nhwc = op.isNHWC();
    imageH = dim(nhwc ? 1 : 2);
    imageW = dim(nhwc ? 2 : 3);
    Value lastPixel =
        o.sub(o.mul(op.getHeight(), op.getWidth()), o.scalarIdx(1));
    Value channels = o.div(dim(op.getCols(), 0), op.getTaps());

    rows = allocTaskScratch(b, op, {pixels}, laneInt);
    cols = allocTaskScratch(b, op, {pixels}, laneInt);
    spatial = allocTaskScratch(b, op, {pixels}, laneInt);
    if (padded)
      inside = allocTaskScratch(b, op, {pixels}, b.getI8Type());
    this->lastPixel = lastPixel;
    runs = !nhwc && op.getStrides()[1] == 1 &&
           hasUnitColumnStride(op.getInput()) &&
           mayHaveRowRuns(op.getWidth(), width);
    if (runs)
      contiguous = allocTaskScratch(b, op, {pixels / width}, b.getI8Type());
    storeTilePixels(o, op.getPixel(), lastPixel, op.getWidth(), rows, cols);
    o.loop(op.getTaps(), [&](Value k) {
      offsetsOfTap(k);
      gatherChannels(k, channels);
    });
    return success();
  }

private:
  Value dim(int64_t d) { return dim(op.getInput(), d); }
  Value dim(Value v, int64_t d) {
    return o.value(memref::getMixedSize(b, b.getLoc(), v, d));
  }
  VectorType vec(Type element) { return VectorType::get({width}, element); }
  Value stride(int64_t d, Value like) { return o.intLike(input.strides[d], like); }

  /// Input offset (within the image) of tap k for every pixel.
  void offsetsOfTap(Value k) {
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      dilations = op.getDilations(), pads = op.getPads();
    Value i = o.div(k, kernel[1]), j = o.rem(k, kernel[1]);
    bool nhwc = op.isNHWC();
    o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
      Value y = vector::LoadOp::create(b, vec(laneInt), rows, ValueRange{q});
      Value x = vector::LoadOp::create(b, vec(laneInt), cols, ValueRange{q});
      Value r = v.add(v.add(v.mul(y, strides[0]), -pads[0]),
                      o.intLike(o.mul(i, dilations[0]), y));
      Value c = v.add(v.add(v.mul(x, strides[1]), -pads[1]),
                      o.intLike(o.mul(j, dilations[1]), x));
      Value inImage;
      if (padded) {
        Value in = v.both(v.inRange(r, o.intLike(imageH, r)),
                          v.inRange(c, o.intLike(imageW, c)));
        inImage = in;
        Value zero = v.idxLike(r, 0);
        r = v.clamp(r, zero, v.sub(o.intLike(imageH, r), v.idxLike(r, 1)));
        c = v.clamp(c, zero, v.sub(o.intLike(imageW, c), v.idxLike(c, 1)));
        vector::StoreOp::create(
            b, arith::ExtUIOp::create(b, vec(b.getI8Type()), in), inside,
            ValueRange{q});
      }
      Value offset = v.add(v.mul(r, stride(nhwc ? 1 : 2, r)),
                           v.mul(c, stride(nhwc ? 2 : 3, c)));
      vector::StoreOp::create(b, offset, spatial, ValueRange{q});
      if (runs) {
        // A row run's tap columns are consecutive: contiguous if all inside.
        Value run = isRowRun(o, q, width, op.getWidth(), lastPixel);
        if (padded)
          run = o.both(run, vector::ReductionOp::create(
                                b, vector::CombiningKind::AND, inImage));
        memref::StoreOp::create(b, arith::ExtUIOp::create(b, b.getI8Type(), run),
                                contiguous, ValueRange{o.div(q, width)});
      }
    });
  }

  /// cols[ci*K + k, q] for every channel of the chunk.
  void gatherChannels(Value k, Value channels) {
    Value batchBase = o.mul(op.getBatch(), input.strides[0]);
    Value zeroI8 = arith::ConstantOp::create(
        b, DenseElementsAttr::get(vec(b.getI8Type()), b.getI8IntegerAttr(0)));
    o.loop(channels, [&](Value ci) {
      Value c = o.add(op.getChannel(), ci);
      Value like = arith::ConstantOp::create(b, b.getZeroAttr(laneInt));
      Value plane = v.lanesOf(
          o.mul(o.intLike(c, like), stride(op.isNHWC() ? 3 : 1, like)));
      Value row = o.add(o.mul(ci, op.getTaps()), k);
      o.loop(o.scalarIdx(0), o.scalarIdx(pixels), width, [&](Value q) {
        Value offsets = arith::AddIOp::create(
            b, vector::LoadOp::create(b, vec(laneInt), spatial, ValueRange{q}),
            plane);
        Value mask;
        if (padded)
          mask = arith::CmpIOp::create(
              b, arith::CmpIPredicate::ne,
              vector::LoadOp::create(b, vec(b.getI8Type()), inside,
                                     ValueRange{q}),
              zeroI8);
        auto gathered = [&] {
          return gatherInBounds(v, input, offsets, ct, mask, batchBase);
        };
        Value value = runs ? loadOrGather(q, o.add(batchBase, o.mul(c, input.strides[1])),
                                          gathered)
                           : gathered();
        vector::StoreOp::create(b, value, op.getCols(), ValueRange{row, q});
      });
    });
  }

  /// One vector load at `planeBase` + the first lane's offset where pixel
  /// vector q is contiguous (offsetsOfTap), else `gathered()`.
  Value loadOrGather(Value q, Value planeBase,
                     function_ref<Value()> gathered) {
    Value flag = memref::LoadOp::create(b, contiguous,
                                        ValueRange{o.div(q, width)});
    Value isContiguous = o.icmp(arith::CmpIPredicate::ne, flag,
                                arith::ConstantOp::create(b, b.getI8IntegerAttr(0)));
    auto choice = scf::IfOp::create(b, TypeRange{vec(ct)}, isContiguous,
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(choice.thenBlock());
    Value first = arith::IndexCastOp::create(
        b, b.getIndexType(), memref::LoadOp::create(b, spatial, ValueRange{q}));
    Type elt = cast<MemRefType>(input.flat.getType()).getElementType();
    Value loaded = vector::LoadOp::create(b, vec(elt), input.flat,
                                          ValueRange{o.add(planeBase, first)});
    scf::YieldOp::create(b, v.castTo(loaded, ct));
    b.setInsertionPointToStart(choice.elseBlock());
    scf::YieldOp::create(b, gathered());
    return choice.getResult(0);
  }

  Im2colOp op;
  ImplicitLocOpBuilder &b;
  Ops o; // scalars
  Ops v; // vectors of `width` pixels
  int64_t width;
  FloatType ct;
  int64_t pixels = 0;
  bool padded = false;
  Type laneInt; // of pixel coordinates and input offsets
  FlatView input;
  Value imageH, imageW;
  Value rows, cols, spatial, inside;
  bool runs = false;    // vectors may read contiguous input (loadOrGather)
  Value lastPixel, contiguous; // per vector of the tap: i8, 1 = contiguous
};
} // namespace

LogicalResult mlir::deform::lowerIm2col(ImplicitLocOpBuilder &b, Im2colOp op,
                                        int64_t width) {
  return Im2colLowering(op, b, width).run();
}
