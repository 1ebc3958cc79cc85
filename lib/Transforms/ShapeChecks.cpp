//===- ShapeChecks.cpp - deform-shape-checks: dynamic sizes checked first -===//
//
// A clone of each public function with dynamic argument sizes that, instead
// of its results, returns whether the sizes every deform op sees agree. The
// conditions are the verifier's, on tensor.dim values; the computation they
// guard is dead in the clone and canonicalization removes it.
//
//===----------------------------------------------------------------------===//
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMSHAPECHECKS
#include "deform/Transforms/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
/// The largest image (elements per batch) the code generators address.
constexpr int64_t kMaxImageElements = (int64_t(1) << 31) - 1;
constexpr int64_t kMaxPaddedSide = (int64_t(1) << 24) - 1;

/// One check: fails when `bad`, reporting `found` and `expected` (i64).
struct Check {
  Value bad, found, expected;
  std::string message;
};

class Checker {
public:
  Checker(OpBuilder &b, Operation *op) : b(b), op(op), loc(op->getLoc()) {
    std::string where;
    llvm::raw_string_ostream os(where);
    os << "'" << op->getName() << "'";
    if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
      os << " at " << file.getFilename().getValue() << ":" << file.getLine()
         << ":" << file.getColumn();
    prefix = where;
  }

  Value dim(Value v, int64_t d) {
    return b.createOrFold<tensor::DimOp>(loc, v, d);
  }
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i64(Value v) {
    return b.createOrFold<arith::IndexCastOp>(loc, b.getI64Type(), v);
  }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return b.createOrFold<arith::CmpIOp>(loc, p, x, y);
  }
  Value add(Value x, int64_t y) {
    return b.createOrFold<arith::AddIOp>(loc, x, idx(y));
  }

  /// found == expected, as sizes of operand `name` dimension `d` (meaning).
  void equal(StringRef name, int64_t d, StringRef meaning, Value found,
             Value expected) {
    add({cmp(arith::CmpIPredicate::ne, found, expected), i64(found),
         i64(expected),
         llvm::formatv("{0}: operand '{1}' dimension {2} ({3}) is %lld, "
                       "expected %lld",
                       prefix, name, d, meaning)});
  }
  void equalDims(StringRef name, Value v, ArrayRef<std::pair<int64_t, Value>> dims,
                 ArrayRef<StringRef> meanings) {
    for (auto [i, pair] : llvm::enumerate(dims))
      equal(name, pair.first, meanings[i], dim(v, pair.first), pair.second);
  }
  void add(Check c) { checks.push_back(std::move(c)); }

  OpBuilder &b;
  Operation *op;
  Location loc;
  std::string prefix;
  SmallVector<Check> checks;
};

void checkConv(Checker &c, Conv2dOp op) {
  if (op.isTile())
    return;
  ConvGeometry g = op.getGeometry();
  // The formulas need the kernel and channels; the code generators refuse
  // ops without them (deform-configure-*), naming the operand.
  if (ShapedType::isDynamic(g.kh) || ShapedType::isDynamic(g.kw) ||
      ShapedType::isDynamic(g.channels))
    return;
  Value input = op.getInput();
  Value h = c.dim(input, g.rowDim()), w = c.dim(input, g.columnDim());
  // The padded image holds the dilated kernel, then the output extents.
  auto extent = [&](Value in, int64_t padBefore, int64_t padAfter,
                    int64_t kernel, int64_t dilation, int64_t stride,
                    int64_t dimIndex, StringRef axis) {
    int64_t effective = (kernel - 1) * dilation + 1;
    int64_t least = effective - padBefore - padAfter;
    // Sampling splits coordinates into i32 parts (the verifier's bound).
    int64_t most = kMaxPaddedSide - padBefore - padAfter;
    c.add({c.cmp(arith::CmpIPredicate::sgt, in, c.idx(most)), c.i64(in),
           c.i64(c.idx(most)),
           llvm::formatv("{0}: operand 'input' dimension {1} ({2}) is %lld, "
                         "expected at most %lld (a padded side of at most "
                         "2^24 - 1)",
                         c.prefix, dimIndex, axis)});
    c.add({c.cmp(arith::CmpIPredicate::slt, in, c.idx(least)), c.i64(in),
           c.i64(c.idx(least)),
           llvm::formatv("{0}: operand 'input' dimension {1} ({2}) is %lld, "
                         "expected at least %lld (the dilated kernel {2} less "
                         "the pads)",
                         c.prefix, dimIndex, axis)});
    Value span = c.add(in, padBefore + padAfter - effective);
    Value safe = c.b.createOrFold<arith::MaxSIOp>(c.loc, span, c.idx(0));
    return c.add(c.b.createOrFold<arith::DivUIOp>(c.loc, safe, c.idx(stride)), 1);
  };
  Value outH = extent(h, g.padTop, g.padBottom, g.kh, g.dilH, g.strideH,
                      g.rowDim(), "height");
  Value outW = extent(w, g.padLeft, g.padRight, g.kw, g.dilW, g.strideW,
                      g.columnDim(), "width");
  // Images the gathers can address.
  Value channelsWidth = c.b.createOrFold<arith::MulIOp>(c.loc, w, c.idx(g.channels));
  Value limit = c.idx(kMaxImageElements);
  Value safeCw = c.b.createOrFold<arith::MaxSIOp>(c.loc, channelsWidth, c.idx(1));
  Value maxH = c.b.createOrFold<arith::DivUIOp>(c.loc, limit, safeCw);
  c.add({c.b.createOrFold<arith::OrIOp>(
             c.loc, c.cmp(arith::CmpIPredicate::sgt, w, limit),
             c.cmp(arith::CmpIPredicate::sgt, h, maxH)),
         c.i64(h), c.i64(maxH),
         llvm::formatv("{0}: operand 'input' has an image of more than 2^31 - "
                       "1 elements (height %lld, expected at most %lld at its "
                       "width and channels)",
                       c.prefix)});
  Value batch = c.dim(input, 0);
  c.equalDims("init", op.getInit(),
              {{0, batch}, {g.rowDim(), outH}, {g.columnDim(), outW}},
              {"batch", "output height", "output width"});
  int64_t rows = g.sampleRowDim(), cols = g.sampleColumnDim();
  for (auto [name, v] : {std::pair<StringRef, Value>{"offset", op.getOffset()},
                         {"mask", op.getMask()}})
    if (v)
      c.equalDims(name, v, {{0, batch}, {rows, outH}, {cols, outW}},
                  {"batch", "output height", "output width"});
}

void checkRoi(Checker &c, RoiPoolOp op) {
  Value rois = c.dim(op.getRois(), 0);
  for (auto [i, init] : llvm::enumerate(op.getInits()))
    c.equal(i == 0 ? "output" : "count", 0, "rois", c.dim(init, 0), rois);
  for (auto [name, v] : {std::pair<StringRef, Value>{"offset", op.getOffset()},
                         {"mask", op.getMask()}})
    if (v)
      c.equal(name, 0, "rois", c.dim(v, 0), rois);
  // Rois read rows and columns of a non-empty image.
  Value input = op.getInput();
  Value some = c.cmp(arith::CmpIPredicate::sgt, c.dim(input, 0), c.idx(0));
  for (int64_t d : {2, 3}) {
    Value size = c.dim(input, d);
    c.add({c.b.createOrFold<arith::AndIOp>(
               c.loc, some, c.cmp(arith::CmpIPredicate::slt, size, c.idx(1))),
           c.i64(size), c.i64(c.idx(1)),
           llvm::formatv("{0}: operand 'input' dimension {1} ({2}) is %lld, "
                         "expected at least %lld",
                         c.prefix, d, d == 2 ? "height" : "width")});
  }
}

/// tensor.dim / memref.dim of a constant index outside the rank: undefined
/// behaviour that upstream folders do not guard (they read past the shape).
LogicalResult checkDimIndices(ModuleOp module) {
  WalkResult r = module.walk([](Operation *op) {
    if (!isa<tensor::DimOp, memref::DimOp>(op))
      return WalkResult::advance();
    std::optional<int64_t> index = getConstantIntValue(op->getOperand(1));
    auto shaped = cast<ShapedType>(op->getOperand(0).getType());
    if (!index || !shaped.hasRank() || (*index >= 0 && *index < shaped.getRank()))
      return WalkResult::advance();
    op->emitOpError() << "index is " << *index << ", expected 0 to "
                      << shaped.getRank() - 1 << " (a dimension of " << shaped
                      << ")";
    return WalkResult::interrupt();
  });
  return failure(r.wasInterrupted());
}

bool hasDynamicArguments(func::FuncOp fn) {
  return llvm::any_of(fn.getArgumentTypes(), [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return shaped && !shaped.hasStaticShape();
  });
}

struct ShapeChecksPass
    : public mlir::deform::impl::DeformShapeChecksBase<ShapeChecksPass> {
  LogicalResult initialize(MLIRContext *ctx) override {
    RewritePatternSet patterns(ctx);
    for (Dialect *dialect : ctx->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName op : ctx->getRegisteredOperations())
      op.getCanonicalizationPatterns(patterns, ctx);
    canonicalization = FrozenRewritePatternSet(std::move(patterns));
    return success();
  }
  FrozenRewritePatternSet canonicalization;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (failed(checkDimIndices(module)))
      return signalPassFailure();
    SymbolTable symbols(module);
    SmallVector<NamedAttribute> messages;
    SmallVector<func::FuncOp> functions;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal() && hasDynamicArguments(fn) &&
          !fn->hasAttr(kShapeCheckOfAttr))
        functions.push_back(fn);
    for (func::FuncOp fn : functions) {
      std::string name = shapeCheckName(fn.getSymName());
      if (symbols.lookup(name))
        continue;
      auto check = cast<func::FuncOp>(fn->clone());
      check.setSymName(name);
      check->setAttr(kShapeCheckOfAttr,
                     FlatSymbolRefAttr::get(fn.getSymNameAttr()));
      symbols.insert(check, Block::iterator(fn->getNextNode()));

      SmallVector<Check> all;
      check.walk([&](Operation *op) {
        if (!isa<Conv2dOp, RoiPoolOp>(op) ||
            !cast<DestinationStyleOpInterface>(op).hasPureTensorSemantics())
          return;
        OpBuilder b(op);
        Checker c(b, op);
        if (auto conv = dyn_cast<Conv2dOp>(op))
          checkConv(c, conv);
        else
          checkRoi(c, cast<RoiPoolOp>(op));
        llvm::append_range(all, c.checks);
      });

      // (first failing check + 1, its sizes), and the results' dynamic sizes.
      auto ret = cast<func::ReturnOp>(check.getBody().back().getTerminator());
      OpBuilder b(ret);
      Location loc = ret.getLoc();
      auto i64 = [&](int64_t v) {
        return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
      };
      Value code = i64(0), found = i64(0), expected = i64(0);
      SmallVector<Attribute> texts;
      for (size_t i = all.size(); i-- > 0;) {
        code = b.createOrFold<arith::SelectOp>(loc, all[i].bad, i64(i + 1), code);
        found = b.createOrFold<arith::SelectOp>(loc, all[i].bad, all[i].found, found);
        expected = b.createOrFold<arith::SelectOp>(loc, all[i].bad,
                                                   all[i].expected, expected);
      }
      for (const Check &c : all)
        texts.push_back(StringAttr::get(ctx, c.message));
      SmallVector<Value> results = {code, found, expected};
      for (Value r : ret.getOperands()) {
        auto type = dyn_cast<RankedTensorType>(r.getType());
        if (!type)
          continue;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            results.push_back(b.createOrFold<tensor::DimOp>(loc, r, d));
      }
      func::ReturnOp::create(b, loc, results);
      ret.erase();
      check.setFunctionType(FunctionType::get(
          ctx, check.getArgumentTypes(), ValueRange(results).getTypes()));
      // Canonicalized, the sizes no longer depend on the computation; mark
      // the check when it reads nothing but sizes (it may then be called
      // with descriptors that have no data).
      (void)applyPatternsGreedily(check, canonicalization);
      bool sizesOnly = true;
      check.walk([&](Operation *op) {
        if (!isa<func::FuncOp, func::ReturnOp, tensor::DimOp>(op) &&
            op->getDialect()->getNamespace() != "arith")
          sizesOnly = false;
      });
      if (sizesOnly)
        check->setAttr(kShapeCheckSizesOnlyAttr, UnitAttr::get(ctx));
      messages.push_back(
          NamedAttribute(fn.getSymNameAttr(), ArrayAttr::get(ctx, texts)));
    }
    if (!messages.empty())
      module->setAttr(kShapeChecksAttr, DictionaryAttr::get(ctx, messages));
  }
};
} // namespace
