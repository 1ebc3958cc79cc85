//===- CheckAllocations.cpp - deform-cpu-check-allocations ----------------===//
#include "deform/Codegen/CPU/Passes.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMCPUCHECKALLOCATIONS
#include "deform/Codegen/CPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr llvm::StringLiteral kKernelAlloc = "deform_kernel_alloc";
constexpr llvm::StringLiteral kKernelFree = "deform_kernel_free";

/// The module's declaration of `name`, added when missing.
LLVM::LLVMFuncOp runtimeFunction(ModuleOp module, StringRef name,
                                 LLVM::LLVMFunctionType type) {
  if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return fn;
  OpBuilder b(module.getContext());
  b.setInsertionPointToEnd(module.getBody());
  return LLVM::LLVMFuncOp::create(b, module.getLoc(), name, type);
}

/// The module's calls of `callee`.
SmallVector<LLVM::CallOp> callsTo(ModuleOp module, StringRef callee) {
  SmallVector<LLVM::CallOp> calls;
  module.walk([&](LLVM::CallOp call) {
    if (call.getCallee() == callee)
      calls.push_back(call);
  });
  return calls;
}

/// Frees go to the runtime's scratch cache (deform_kernel_free).
void routeFrees(ModuleOp module) {
  SmallVector<LLVM::CallOp> frees = callsTo(module, "free");
  if (frees.empty())
    return;
  MLIRContext *ctx = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  LLVM::LLVMFuncOp release = runtimeFunction(
      module, kKernelFree,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr}));
  for (LLVM::CallOp call : frees) {
    OpBuilder b(call);
    LLVM::CallOp::create(b, call.getLoc(), release, call.getOperands());
    call.erase();
  }
}

struct CheckAllocationsPass
    : public mlir::deform::impl::DeformCpuCheckAllocationsBase<
          CheckAllocationsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    routeFrees(module);
    SmallVector<LLVM::CallOp> calls = callsTo(module, "malloc");
    if (calls.empty())
      return;
    OpBuilder b(ctx);
    LLVM::LLVMFuncOp alloc = runtimeFunction(
        module, kKernelAlloc,
        LLVM::LLVMFunctionType::get(ptr, {IntegerType::get(ctx, 64)}));
    for (LLVM::CallOp call : calls) {
      auto fn = call->getParentOfType<LLVM::LLVMFuncOp>();
      Location loc = call.getLoc();
      b.setInsertionPoint(call);
      auto checked = LLVM::CallOp::create(b, loc, alloc, call.getOperands());
      call.replaceAllUsesWith(checked.getResults());
      call.erase();
      // Split after the allocation: NULL returns at once.
      Block *before = checked->getBlock();
      Block *after = before->splitBlock(checked->getNextNode());
      Block *failed = b.createBlock(after);
      Type result = fn.getFunctionType().getReturnType();
      if (isa<LLVM::LLVMVoidType>(result))
        LLVM::ReturnOp::create(b, loc, ValueRange{});
      else
        LLVM::ReturnOp::create(b, loc,
                               LLVM::ZeroOp::create(b, loc, result).getResult());
      b.setInsertionPointToEnd(before);
      Value zero = LLVM::ZeroOp::create(b, loc, ptr);
      Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq,
                                          checked.getResult(), zero);
      LLVM::CondBrOp::create(b, loc, isNull, failed, after);
    }
  }
};
} // namespace
