//===- ParallelLaunch.cpp - parallel tile loops run by the runtime --------===//
//
// deform-cpu-outline-parallel (before the conversion to LLVM): every function
// takes the runtime context first; each outermost scf.parallel becomes a
// function over a range of its flattened iterations and a call of a launch
// stub. deform-cpu-materialize-launches (after it, when every captured value
// is a plain LLVM value): each stub packs its arguments into a stack struct
// and calls deform_kernel_parallel_for of the runtime with an entry point
// that unpacks them.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMCPUOUTLINEPARALLEL
#define GEN_PASS_DEF_DEFORMCPUMATERIALIZELAUNCHES
#include "deform/Codegen/CPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr llvm::StringLiteral kLaunchAttr = "deform.launch";
constexpr llvm::StringLiteral kRuntimeParallelFor = "deform_kernel_parallel_for";

/// Gives every defined function a leading context argument and passes it on
/// at every call of a defined function.
void threadContext(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  SmallVector<func::FuncOp> defined;
  for (auto fn : module.getOps<func::FuncOp>())
    if (!fn.isExternal())
      defined.push_back(fn);
  DenseSet<StringAttr> names;
  for (func::FuncOp fn : defined) {
    names.insert(fn.getSymNameAttr());
    (void)fn.insertArgument(0, ptr, DictionaryAttr::get(ctx), fn.getLoc());
  }
  for (func::FuncOp fn : defined)
    fn.walk([&](func::CallOp call) {
      if (!names.contains(call.getCalleeAttr().getAttr()))
        return;
      SmallVector<Value> operands = {fn.getArgument(0)};
      llvm::append_range(operands, call.getOperands());
      call->setOperands(operands);
    });
}

bool isConstant(Value v) {
  Operation *def = v.getDefiningOp();
  return def && def->hasTrait<OpTrait::ConstantLike>();
}

/// Outlines `loop` of `fn` as launch number `index`.
void outline(func::FuncOp fn, scf::ParallelOp loop, unsigned index) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  auto ctxType = LLVM::LLVMPointerType::get(b.getContext());
  Type indexType = b.getIndexType();

  // Trip counts (steps are positive), before the loop.
  SmallVector<Value> lbs(loop.getLowerBound()), steps(loop.getStep()), trips;
  Value total = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [lb, ub, step] : llvm::zip(lbs, loop.getUpperBound(), steps)) {
    Value span = b.createOrFold<arith::SubIOp>(loc, ub, lb);
    trips.push_back(b.createOrFold<arith::CeilDivUIOp>(loc, span, step));
    total = b.createOrFold<arith::MulIOp>(loc, total, trips.back());
  }
  // What the tiles need from here: the bounds and the values the body uses
  // from above. Constants are cloned in; the rest become arguments.
  SetVector<Value> needed(lbs.begin(), lbs.end());
  needed.insert(steps.begin(), steps.end());
  needed.insert(trips.begin(), trips.end());
  getUsedValuesDefinedAbove(loop.getRegion(), needed);
  SmallVector<Value> arguments;
  for (Value v : needed)
    if (!isConstant(v))
      arguments.push_back(v);

  // The tiles function: ctx, first, last, arguments...
  std::string name =
      (fn.getSymName() + "__tiles" + std::to_string(index)).str();
  SmallVector<Type> types = {ctxType, indexType, indexType};
  for (Value v : arguments)
    types.push_back(v.getType());
  OpBuilder moduleBuilder(fn);
  moduleBuilder.setInsertionPointAfter(fn);
  auto tiles = func::FuncOp::create(moduleBuilder, loc, name,
                                    b.getFunctionType(types, {}));
  tiles.setPrivate();
  Block *entry = tiles.addEntryBlock();
  OpBuilder body = OpBuilder::atBlockBegin(entry);
  IRMapping mapping;
  for (auto [i, v] : llvm::enumerate(arguments))
    mapping.map(v, entry->getArgument(3 + i));
  for (Value v : needed)
    if (isConstant(v))
      mapping.map(v, body.clone(*v.getDefiningOp())->getResult(0));
  Value one = arith::ConstantIndexOp::create(body, loc, 1);
  auto forOp = scf::ForOp::create(body, loc, entry->getArgument(1),
                                  entry->getArgument(2), one);
  func::ReturnOp::create(body, loc);
  body.setInsertionPointToStart(forOp.getBody());
  // Delinearize, the last dimension fastest.
  Value rest = forOp.getInductionVar();
  size_t rank = trips.size();
  for (size_t d = rank; d-- > 0;) {
    Value trip = mapping.lookup(trips[d]);
    Value position =
        d == 0 ? rest : arith::RemUIOp::create(body, loc, rest, trip).getResult();
    if (d > 0)
      rest = arith::DivUIOp::create(body, loc, rest, trip);
    Value iv = arith::AddIOp::create(
        body, loc, mapping.lookup(lbs[d]),
        arith::MulIOp::create(body, loc, position, mapping.lookup(steps[d])));
    mapping.map(loop.getInductionVars()[d], iv);
  }
  for (Operation &op : loop.getBody()->without_terminator())
    body.clone(op, mapping);

  // The launch stub, defined by deform-cpu-materialize-launches.
  SmallVector<Type> stubTypes = {ctxType, indexType};
  for (Value v : arguments)
    stubTypes.push_back(v.getType());
  auto stub = func::FuncOp::create(moduleBuilder, loc, name + "__launch",
                                   b.getFunctionType(stubTypes, {}));
  stub.setPrivate();
  stub->setAttr(kLaunchAttr, FlatSymbolRefAttr::get(tiles.getSymNameAttr()));
  SmallVector<Value> operands = {fn.getArgument(0), total};
  llvm::append_range(operands, arguments);
  func::CallOp::create(b, loc, stub, operands);
  loop.erase();
}

struct OutlineParallelPass
    : public mlir::deform::impl::DeformCpuOutlineParallelBase<OutlineParallelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    threadContext(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : functions) {
      SmallVector<scf::ParallelOp> loops;
      fn.walk([&](scf::ParallelOp loop) {
        if (!loop->getParentOfType<scf::ParallelOp>() && loop.getNumResults() == 0)
          loops.push_back(loop);
      });
      for (auto [i, loop] : llvm::enumerate(loops))
        outline(fn, loop, i);
    }
  }
};

struct MaterializeLaunchesPass
    : public mlir::deform::impl::DeformCpuMaterializeLaunchesBase<MaterializeLaunchesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    auto voidType = LLVM::LLVMVoidType::get(ctx);
    OpBuilder b(ctx);
    b.setInsertionPointToEnd(module.getBody());
    SmallVector<LLVM::LLVMFuncOp> stubs;
    module.walk([&](LLVM::LLVMFuncOp fn) {
      if (fn->hasAttr(kLaunchAttr))
        stubs.push_back(fn);
    });
    if (stubs.empty())
      return;
    auto runtime = module.lookupSymbol<LLVM::LLVMFuncOp>(kRuntimeParallelFor);
    if (!runtime)
      runtime = LLVM::LLVMFuncOp::create(
          b, module.getLoc(), kRuntimeParallelFor,
          LLVM::LLVMFunctionType::get(voidType, {ptr, i64, ptr, ptr}));
    for (LLVM::LLVMFuncOp stub : stubs) {
      auto target = stub->getAttrOfType<FlatSymbolRefAttr>(kLaunchAttr);
      auto tiles = module.lookupSymbol<LLVM::LLVMFuncOp>(target);
      Location loc = stub.getLoc();
      if (!tiles || !stub.isExternal()) {
        stub.emitError() << "launch stub of missing or defined @" << target;
        return signalPassFailure();
      }
      tiles.setLinkage(LLVM::Linkage::Internal);
      // Fields: the context, then everything after the count.
      ArrayRef<Type> params = stub.getFunctionType().getParams();
      SmallVector<Type> fields = {params[0]};
      llvm::append_range(fields, params.drop_front(2));
      auto structType = LLVM::LLVMStructType::getLiteral(ctx, fields);

      // The entry point the runtime calls: unpack, call the tiles.
      b.setInsertionPointAfter(tiles);
      auto entryFn = LLVM::LLVMFuncOp::create(
          b, loc, (target.getValue() + "__entry").str(),
          LLVM::LLVMFunctionType::get(voidType, {i64, i64, ptr}));
      entryFn.setLinkage(LLVM::Linkage::Internal);
      Block *entry = entryFn.addEntryBlock(b);
      OpBuilder eb = OpBuilder::atBlockBegin(entry);
      SmallVector<Value> args;
      for (auto [i, type] : llvm::enumerate(fields)) {
        Value at = LLVM::GEPOp::create(
            eb, loc, ptr, structType, entry->getArgument(2),
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        args.push_back(LLVM::LoadOp::create(eb, loc, type, at));
      }
      SmallVector<Value> callArgs = {args[0], entry->getArgument(0),
                                     entry->getArgument(1)};
      llvm::append_range(callArgs, ArrayRef<Value>(args).drop_front());
      LLVM::CallOp::create(eb, loc, tiles, callArgs);
      LLVM::ReturnOp::create(eb, loc, ValueRange{});

      // The stub: pack, hand to the runtime.
      stub->removeAttr(kLaunchAttr);
      stub.setLinkage(LLVM::Linkage::Internal);
      Block *block = stub.addEntryBlock(b);
      OpBuilder sb = OpBuilder::atBlockBegin(block);
      Value count = LLVM::ConstantOp::create(sb, loc, i64, 1);
      Value packed = LLVM::AllocaOp::create(sb, loc, ptr, structType, count);
      SmallVector<Value> values = {block->getArgument(0)};
      llvm::append_range(values, block->getArguments().drop_front(2));
      for (auto [i, v] : llvm::enumerate(values)) {
        Value at = LLVM::GEPOp::create(
            sb, loc, ptr, structType, packed,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        LLVM::StoreOp::create(sb, loc, v, at);
      }
      Value fnPtr = LLVM::AddressOfOp::create(sb, loc, entryFn);
      LLVM::CallOp::create(sb, loc, runtime,
                           ValueRange{block->getArgument(0),
                                      block->getArgument(1), fnPtr, packed});
      LLVM::ReturnOp::create(sb, loc, ValueRange{});
    }
  }
};
} // namespace
